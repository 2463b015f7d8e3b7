package dev.profilebridge.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ListenPortsTest {

    @Test
    void portsAreBelowTheEphemeralRangeOutgoingConnectionsTakeTheirsFrom() {
        int ephemeralStart = ListenPorts.ephemeralStart();
        for (int i = 0; i < 50; i++) {
            int port = ListenPorts.unused();
            assertTrue(port >= 10_000 && port < ephemeralStart, port + " below " + ephemeralStart);
        }
    }
}
