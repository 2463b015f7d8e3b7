package dev.profilebridge.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion} field of a test that uses
 * {@link RealInfrastructure}: the field receives a companion connected to the embedded broker.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafkaCompanion {
}
