package dev.profilebridge.marketing.sap;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Sap-Cuan-*} request headers SAP Marketing Cloud wants on every contact write inside a {@code $batch}
 * (docs/sap-conformance.md, rows MKT-H1 to MKT-H5): which source system the data comes from (tenant-specific, from
 * configuration), when it changed there (per record, from the CDC change time), how a PUT treats the fields it does
 * not carry, and synchronous processing, so that SAP's verdict on each contact is in the changeset's answer (the
 * engine dead-letters on it) rather than only in the tenant's import monitor.
 *
 * @param sourceSystemType {@code Sap-Cuan-SourceSystemType}, for example {@code EXT}
 * @param sourceSystemId {@code Sap-Cuan-SourceSystemId}: which system of that type
 * @param sequenceId {@code Sap-Cuan-SequenceId}: {@code UpdatePatch} makes a PUT change only the properties it
 *        carries, so a sparse CDC profile never blanks what the contact holds
 */
public record ContactWriteHeaders(String sourceSystemType, String sourceSystemId, String sequenceId) {

    /** SAP's sample content writes the time in UTC, single-quoted, with milliseconds: {@code '2017-08-15T11:20:27.000'}. */
    private static final DateTimeFormatter REQUEST_TIMESTAMP = DateTimeFormatter
            .ofPattern("''yyyy-MM-dd'T'HH:mm:ss.SSS''").withZone(ZoneOffset.UTC);

    public ContactWriteHeaders {
        requireText("source-system-type", sourceSystemType);
        requireText("source-system-id", sourceSystemId);
        requireText("sequence-id", sequenceId);
    }

    /** The headers of every write of a contact whose CDC profile changed at {@code changedAt}. */
    public Map<String, String> forChange(Instant changedAt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Sap-Cuan-RequestTimestamp", REQUEST_TIMESTAMP.format(changedAt));
        headers.put("Sap-Cuan-SequenceId", sequenceId);
        headers.put("Sap-Cuan-SourceSystemType", sourceSystemType);
        headers.put("Sap-Cuan-SourceSystemId", sourceSystemId);
        headers.put("Sap-Cuan-ForceSynchronousProcessing", "X");
        return headers;
    }

    private static void requireText(String property, String value) {
        if (value == null || value.isBlank() || !value.strip().equals(value) || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("marketing." + property + " must be printable ASCII without surrounding "
                    + "spaces (it is sent as an HTTP header), was '" + value + "'");
        }
    }
}
