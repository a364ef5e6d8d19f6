package workshop.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures what the code under test logs through SLF4J, in the order it was logged, so a
 * test can assert on the log the way the lesson shows it. Register with
 * {@code @RegisterExtension LogCapture log = new LogCapture();}.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    /** One logged line: the thread that logged it and the message. */
    public record Line(String thread, String message) {
        @Override
        public String toString() {
            return thread + ": " + message;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Appender appender = new Appender();

    private final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(new Line(event.getThreadName(), event.getFormattedMessage()));
        }
    }

    /** Starts capturing (called for you when registered as an extension). */
    public void start() {
        lines.clear();
        appender.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        appender.start();
        root().addAppender(appender);
    }

    /** Stops capturing. */
    public void stop() {
        root().detachAppender(appender);
        appender.stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** Everything logged so far, in order. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Just the messages, in order. */
    public List<String> messages() {
        return lines.stream().map(Line::message).toList();
    }

    /** The position of the first message containing {@code text}, or -1. */
    public int indexOf(String text) {
        List<Line> snapshot = lines();
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.get(i).message().contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** The log as the lesson prints it, one "thread: message" per line, for failure messages. */
    public String transcript() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines()) {
            out.append(System.lineSeparator()).append("        ").append(line);
        }
        return out.length() == 0 ? " (nothing was logged)" : out.toString();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
