package dev.profilebridge.testsupport;

import dev.profilebridge.stack.infrastructure.EmbeddedKafkaBroker;
import dev.profilebridge.stack.infrastructure.EmbeddedPostgresServer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The fixtures themselves, outside Quarkus: a record goes through the broker and a row through PostgreSQL. */
class RealInfrastructureTest {

    @Test
    void kafkaBrokerStoresAndServesRecords() {
        try (KafkaCompanion kafka = new KafkaCompanion(EmbeddedKafkaBroker.bootstrapServers())) {
            kafka.topics().createAndWait("fixture-check", 2);
            kafka.produceStrings().fromRecords(
                    new ProducerRecord<>("fixture-check", "uid-1", "first"),
                    new ProducerRecord<>("fixture-check", "uid-2", "second")).awaitCompletion(Duration.ofSeconds(30));

            List<String> values = kafka.consumeStrings().fromTopics("fixture-check", 2)
                    .awaitCompletion(Duration.ofSeconds(30)).getRecords().stream()
                    .map(ConsumerRecord::value).sorted().collect(Collectors.toList());

            assertEquals(List.of("first", "second"), values);
        }
    }

    @Test
    void postgresServerStoresAndServesRows() throws Exception {
        try (Connection connection = DriverManager.getConnection(EmbeddedPostgresServer.jdbcUrl(),
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("create table fixture_check (id int primary key, name text)");
            statement.execute("insert into fixture_check values (1, 'Zoë')");
            try (ResultSet rows = statement.executeQuery("select name from fixture_check where id = 1")) {
                rows.next();
                assertEquals("Zoë", rows.getString(1));
            }
            statement.execute("drop table fixture_check");
        }
    }
}
