package dev.profilebridge.testsupport.fuzz;

/** A generated body, the class of input it belongs to and the Content-Type it is sent with (null: none). */
public record HostileBody(String inputClass, byte[] bytes, String contentType) {
}
