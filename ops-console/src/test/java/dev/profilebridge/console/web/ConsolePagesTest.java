package dev.profilebridge.console.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The console's own logic, without the services (its URLs point nowhere here): sign-in redirects, the CSRF check,
 * errors as pages for browsers and as problems for other clients.
 */
@QuarkusTest
class ConsolePagesTest {

    @Test
    void aBrowserWithoutATokenIsSentToSignInAndOtherClientsGetAProblem() {
        given().accept("text/html").redirects().follow(false).get("/dead-letters").then().statusCode(303)
                .header("Location", endsWith("/sign-in"));
        given().accept("*/*").get("/").then().statusCode(401).contentType("application/problem+json")
                .body("title", containsString("Not signed in"));
        given().accept("text/html").get("/sign-in").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<label for=\"clientSecret\">"))
                .header("Content-Security-Policy", containsString("default-src 'self'"));
    }

    @Test
    void aFormPostedFromAnotherSiteOrWithoutOriginIsRefusedBeforeAnythingIsDone() {
        given().accept("text/html").header("Origin", "https://evil.example.net").formParam("clientId", "x")
                .formParam("clientSecret", "y").post("/sign-in").then().statusCode(403)
                .contentType(containsString("text/html")).body(containsString("not sent from the console"));
        given().accept("application/json").cookie("pb_console_token", "t").formParam("action", "start")
                .post("/replays").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aServiceThatDoesNotAnswerIsAClearPageNotAStackTrace() {
        String self = "http://localhost:" + io.restassured.RestAssured.port;
        given().accept("text/html").header("Origin", self).formParam("clientId", "operator")
                .formParam("clientSecret", "secret").post("/sign-in").then().statusCode(502)
                .body(containsString("No answer from http://127.0.0.1:9 (connection refused"))
                .body(not(containsString("Exception")))
                .body(not(containsString("at dev.profilebridge")));
        given().accept("text/html").cookie("pb_console_token", "t").get("/replays/nowhere/1").then().statusCode(400)
                .body(containsString("No connector nowhere"));
    }
}
