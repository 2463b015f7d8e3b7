package dev.profilebridge.ingest.kafka;

import org.jboss.logging.Logger;

import dev.profilebridge.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.util.Native;

/**
 * Makes Kafka's producer compress batches with lz4-java's native library. Kafka asks for
 * {@link LZ4Factory#fastestInstance()} at every batch, which picks the JNI binding only when lz4-java sits on the
 * system class loader or its library is already loaded; in a Quarkus application it sits on the runner's class loader,
 * so every batch was compressed in Java: 14 % of ingest-service's CPU samples in a profile under bench/ingest.sh,
 * while Kafka's own ProducerPerformance, the benchmark's baseline, compresses natively. Loading the library at start-up
 * turns the same call to the native compressor. The bytes on the wire are the same LZ4 frame format either way.
 * <p>
 * lz4-java ships the library for Linux, macOS and Windows on the common architectures; where it does not load, or with
 * {@code ingest.kafka-native-compression=false}, Java compresses as before and the start-up log says which.
 */
@Startup
@ApplicationScoped
public class NativeLz4Compression {

    private static final Logger LOG = Logger.getLogger(NativeLz4Compression.class);

    private final boolean compressesNatively;

    @Inject
    NativeLz4Compression(IngestConfig config) {
        this(config.kafkaNativeCompression());
    }

    NativeLz4Compression(boolean wanted) {
        this.compressesNatively = wanted && load();
        LOG.infof("Kafka batches are compressed by %s", compressesNatively ? "lz4-java's native library" : "lz4-java in Java");
    }

    /** Whether Kafka's producer now compresses natively. */
    public boolean isNative() {
        return compressesNatively;
    }

    private static boolean load() {
        try {
            Native.load();
            return LZ4Factory.fastestInstance() == LZ4Factory.nativeInstance();
        } catch (RuntimeException | LinkageError e) {
            // No library for this platform, or a temporary folder it cannot be unpacked to: not fatal.
            LOG.warnf("lz4-java's native library did not load (%s); Kafka batches are compressed in Java", e.toString());
            return false;
        }
    }
}
