package dev.profilebridge.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.xxhash.XXHashFactory;

class NativeLz4CompressionTest {

    private static final byte[] RECORDS = "{\"uid\":\"a\",\"profile\":{\"email\":\"a@example.com\"}}".repeat(400)
            .getBytes(StandardCharsets.UTF_8);

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void kafkasCompressorTurnsNativeOnLinuxX86() {
        assertTrue(new NativeLz4Compression(true).isNative());
        assertEquals("LZ4JNICompressor", LZ4Factory.fastestInstance().fastCompressor().getClass().getSimpleName());
    }

    @Test
    void turnedOffItNeitherLoadsNorClaimsNative() {
        assertFalse(new NativeLz4Compression(false).isNative());
    }

    /** What the native compressor writes through Kafka's framing, lz4-java's pure-Java reader reads back unchanged. */
    @Test
    void kafkasLz4FramesStayReadableByJava() throws IOException {
        new NativeLz4Compression(true);
        ByteBufferOutputStream buffer = new ByteBufferOutputStream(1024);
        try (OutputStream out = Compression.lz4().build().wrapForOutput(buffer, RecordBatch.CURRENT_MAGIC_VALUE)) {
            out.write(RECORDS);
        }
        ByteBuffer frame = buffer.buffer().flip();
        byte[] compressed = new byte[frame.remaining()];
        frame.get(compressed);
        assertTrue(compressed.length < RECORDS.length / 4, "compressed to " + compressed.length + " bytes");
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(compressed),
                LZ4Factory.safeInstance().safeDecompressor(), XXHashFactory.safeInstance().hash32())) {
            assertArrayEquals(RECORDS, in.readAllBytes());
        }
    }
}
