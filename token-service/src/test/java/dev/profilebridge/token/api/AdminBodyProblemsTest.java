package dev.profilebridge.token.api;

import static dev.profilebridge.token.api.TokenServiceClient.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.Charset;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Admin bodies the fuzz suite found answered with a 500 or a non-problem body: each is a 400 problem. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class AdminBodyProblemsTest {

    @Test
    void aFieldOfTheWrongTypeIsAProblemNamingTheField() {
        admin().contentType(ContentType.JSON).body("{\"clientId\":\"typed-1\",\"scopes\":\"profiles:write\"}")
                .post("/admin/clients")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("detail", containsString("scopes"));
    }

    @Test
    void duplicateKeysAreRefusedRatherThanGuessed() {
        admin().contentType(ContentType.JSON)
                .body("{\"clientId\":\"dup-1\",\"scopes\":[\"profiles:write\"],\"clientId\":\"dup-2\"}")
                .post("/admin/clients")
                .then().statusCode(400).contentType("application/problem+json");
        admin().get("/admin/clients/dup-2").then().statusCode(404);
    }

    @Test
    void aBodyInAnEncodingJacksonCannotDecodeIsAProblem() {
        byte[] utf32WithUtf16Bom = ("\uFEFF{\"gracePeriodSeconds\":60}").getBytes(Charset.forName("UTF-16LE"));
        byte[] body = new byte[utf32WithUtf16Bom.length + 2];
        System.arraycopy(utf32WithUtf16Bom, 0, body, 0, 2);
        System.arraycopy(new byte[] { 0, 0 }, 0, body, 2, 2); // FF FE 00 00: the UTF-32LE byte order mark
        System.arraycopy(utf32WithUtf16Bom, 2, body, 4, utf32WithUtf16Bom.length - 4);
        admin().contentType(ContentType.JSON).body(body).post("/admin/clients")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anInvalidBearerTokenIsRefusedWithoutEchoingItOrTheVerifiersInternals() {
        given().header("Authorization", "Bearer <script>not-a-jwt").get("/admin/clients")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", not(containsString("script")))
                .body("detail", not(containsString("Exception")));
    }
}
