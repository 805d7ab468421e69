package anquanli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far by the processes sharing this machine, in groups: the service (by its process id), PostgreSQL,
 * Redis, this driver and everything else. Read from /proc at the edges of a measured phase, so a report can say where
 * the two cores went during exactly that phase (not during the driver's own start, warm-up or token minting).
 */
final class ProcessCpu {

    /** Linux reports utime and stime in USER_HZ ticks, which is 100 per second on every architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** Seconds of CPU per group; empty where /proc cannot be read (not Linux). */
    static Map<String, Double> snapshot(long servicePid) {
        Map<String, Double> groups = new HashMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // The command name is in parentheses and may hold spaces: the fields proper start after the last ')'.
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    String[] fields = stat.substring(close + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    long pid = Long.parseLong(p.getFileName().toString());
                    groups.merge(group(pid, comm, servicePid, self), seconds, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // The process ended between listing and reading: its time is no longer counted anywhere.
                }
            });
        } catch (IOException notLinux) {
            return Map.of();
        }
        return groups;
    }

    static String group(long pid, String comm, long servicePid, long self) {
        if (pid == servicePid) {
            return "service";
        }
        if (pid == self) {
            return "driver";
        }
        if (comm.startsWith("postgres")) {
            return "postgres";
        }
        return comm.startsWith("redis") ? "redis" : "other";
    }

    /** What each group used between two snapshots. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new HashMap<>();
        after.forEach((group, seconds) -> used.put(group, Math.max(0, seconds - before.getOrDefault(group, 0.0))));
        return used;
    }
}
