package anquanli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The log records of WARN level and above that the service writes while open (every logger, every thread). */
public final class LogCapture implements AutoCloseable {

    /** One record as it would be written: level, logger, the formatted message and whether a stack trace goes along. */
    public record Line(Level level, String logger, String message, Throwable thrown) {

        @Override
        public String toString() {
            return level + " [" + logger + "] " + message + (thrown == null ? "" : " + stack trace of " + thrown);
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                lines.add(new Line(r.getLevel(), r.getLoggerName(), format(r), r.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        root.addHandler(handler);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
    }

    private static String format(LogRecord r) {
        String message = String.valueOf(r.getMessage());
        Object[] params = r.getParameters();
        if (params == null || params.length == 0) {
            return message;
        }
        try {
            // JBoss Logging's printf-style calls carry their arguments unformatted.
            return message.contains("%") ? String.format(message, params)
                    : java.text.MessageFormat.format(message, params);
        } catch (RuntimeException e) {
            return message + " " + java.util.Arrays.toString(params);
        }
    }
}
