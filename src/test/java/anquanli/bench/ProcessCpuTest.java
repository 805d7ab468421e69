package anquanli.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void processesAreGroupedByIdFirstThenByName() {
        assertThat(ProcessCpu.group(42, "java", 42, 7)).isEqualTo("service");
        assertThat(ProcessCpu.group(7, "java", 42, 7)).isEqualTo("driver");
        assertThat(ProcessCpu.group(9, "postgres", 42, 7)).isEqualTo("postgres");
        assertThat(ProcessCpu.group(10, "redis-server", 42, 7)).isEqualTo("redis");
        assertThat(ProcessCpu.group(11, "java", 42, 7)).isEqualTo("other");
    }

    @Test
    void thisProcessesOwnWorkShowsAsTheDriversTime() {
        Map<String, Double> before = ProcessCpu.snapshot(0);
        // Spin until this thread itself has used 0.3 s of CPU (by the JVM's own count), however busy the machine is.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
        double sink = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sink += Math.sqrt(sink + 1);
        }
        Map<String, Double> used = ProcessCpu.between(before, ProcessCpu.snapshot(0));
        assertThat(sink).isPositive();
        // Ticks are 10 ms, and the JVM's other threads only add to it.
        assertThat(used.get("driver")).isGreaterThanOrEqualTo(0.2);
        assertThat(used.values()).allMatch(seconds -> seconds >= 0);
    }
}
