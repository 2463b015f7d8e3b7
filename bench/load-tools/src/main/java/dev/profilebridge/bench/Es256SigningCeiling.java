package dev.profilebridge.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * The ceiling of "signing every token" on this machine: ES256 signatures per second over a token-sized input, one
 * thread per core, with nothing else around them (no HTTP, no JSON, no lookup), by the JDK's provider or by the
 * native one token-service signs with where it loads. The token endpoint cannot sign faster than its provider does
 * here, so its ratio to the bare endpoint is bounded by this figure's. Every signature counted is verified after
 * the measured window (verifying costs as much as signing, so not inside it) by the provider that signed, each thread's
 * first 500 also by the JDK's; one that fails is an error.
 * <p>
 * Arguments: seconds, threads, {@code jdk} or {@code native}.
 */
public final class Es256SigningCeiling {

    private Es256SigningCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        String provider = "native".equals(args[2]) ? nativeProvider() : "SunEC";
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        byte[] input = ("eyJhbGciOiJFUzI1NiIsImtpZCI6ImJlbmNoIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4x"
                + "OjE4MDgxIiwic3ViIjoiYmVuY2gtY2RjIiwiYXVkIjoicHJvZmlsZS1icmlkZ2UiLCJjbGllbnRfaWQiOiJiZW5jaC1jZGMi"
                + "LCJzY29wZSI6InByb2ZpbGVzOndyaXRlIiwiaWF0IjoxNzY0NjMwMDAwLCJleHAiOjE3NjQ2MzM2MDAsImp0aSI6ImJlbmNo"
                + "In0").getBytes(StandardCharsets.US_ASCII);
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder signed = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        List<List<byte[]>> signatures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            List<byte[]> own = new ArrayList<>();
            signatures.add(own);
            workers.add(new Thread(() -> sign(provider, key, input, running, signed, own), "signer-" + i));
        }
        // A warm-up of a fifth of the time, not counted: the JIT's first seconds are not the steady state.
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 200L);
        long before = signed.sum();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long count = signed.sum() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
        long produced = signatures.stream().mapToLong(List::size).sum();
        long failed = signed.sum() - produced + invalid(provider, key, input, signatures);
        System.out.printf("provider=%s signatures=%d seconds=%.3f rate=%.1f verified=%d errors=%d%n", provider, count,
                elapsed, count / elapsed, produced, failed);
    }

    private static String nativeProvider() {
        AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
        Security.addProvider(AmazonCorrettoCryptoProvider.INSTANCE);
        return AmazonCorrettoCryptoProvider.INSTANCE.getName();
    }

    /** Verifies each thread's signatures on a thread of its own (verifying is as slow as signing). */
    private static long invalid(String provider, KeyPair key, byte[] input, List<List<byte[]>> signatures) {
        return signatures.parallelStream().mapToLong(own -> {
            try {
                Signature verifier = verifier(provider, key);
                Signature jdk = verifier("SunEC", key);
                long invalid = 0;
                for (int i = 0; i < own.size(); i++) {
                    byte[] signature = own.get(i);
                    if (!verifies(verifier, input, signature) || i < 500 && !verifies(jdk, input, signature)) {
                        invalid++;
                    }
                }
                return invalid;
            } catch (GeneralSecurityException e) {
                return own.size();
            }
        }).sum();
    }

    private static Signature verifier(String provider, KeyPair key) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format", provider);
        verifier.initVerify((PublicKey) KeyFactory.getInstance("EC", provider).translateKey(key.getPublic()));
        return verifier;
    }

    private static boolean verifies(Signature verifier, byte[] input, byte[] signature)
            throws GeneralSecurityException {
        verifier.update(input);
        return verifier.verify(signature);
    }

    /** Signs until stopped; a signature that could not be made is counted but not kept (an error). */
    private static void sign(String provider, KeyPair key, byte[] input, AtomicBoolean running, LongAdder signed,
            List<byte[]> kept) {
        Signature signer;
        try {
            signer = Signature.getInstance("SHA256withECDSAinP1363Format", provider);
            // A random source of the thread's own, as token-service's signing uses: no lock shared with other threads.
            signer.initSign(key.getPrivate(), SecureRandom.getInstance("DRBG"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 is not available", e);
        }
        while (running.get()) {
            try {
                signer.update(input);
                kept.add(signer.sign());
            } catch (GeneralSecurityException e) {
                // counted below and missing from kept: an error
            }
            signed.increment();
        }
    }
}
