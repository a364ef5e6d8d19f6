package workshop.race;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import workshop.testkit.LogCapture;

/** Tells, from the data store's log, who read what and who wrote what, and which updates were lost. */
final class UpdateStory {
    private static final Pattern READ = Pattern.compile("Thread (\\S+): read (-?\\d+)");
    private static final Pattern WROTE = Pattern.compile("Thread (\\S+): update finished, wrote (-?\\d+)");
    private static final String NL = System.lineSeparator();

    private record Step(String update, boolean isRead, int value) {
        @Override
        public String toString() {
            return update + (isRead ? " read " : " wrote ") + value;
        }
    }

    private UpdateStory() {}

    static String of(LogCapture log) {
        List<Step> steps = new ArrayList<>();
        for (LogCapture.Line line : log.lines()) {
            Matcher read = READ.matcher(line.message());
            Matcher wrote = WROTE.matcher(line.message());
            if (read.find()) {
                steps.add(new Step(read.group(1), true, Integer.parseInt(read.group(2))));
            } else if (wrote.find()) {
                steps.add(new Step(wrote.group(1), false, Integer.parseInt(wrote.group(2))));
            }
        }
        if (steps.isEmpty()) {
            return "The store logged no \"read\" or \"wrote\" lines. Its log:" + log.transcript();
        }
        StringBuilder story = new StringBuilder("The updates, in the order they happened:");
        steps.forEach(step -> story.append(NL).append("        ").append(step));
        // An update is lost when another update that had read before it wrote writes after it.
        for (int w = 0; w < steps.size(); w++) {
            Step write = steps.get(w);
            if (write.isRead()) {
                continue;
            }
            for (int later = w + 1; later < steps.size(); later++) {
                Step overwrite = steps.get(later);
                int readBefore = readBefore(steps, overwrite.update(), w);
                if (!overwrite.isRead() && !overwrite.update().equals(write.update()) && readBefore >= 0) {
                    story.append(NL).append("    ").append(write.update()).append("'s update was lost: ")
                            .append(overwrite.update()).append(" had read ").append(steps.get(readBefore).value())
                            .append(" before ").append(write.update()).append(" wrote ").append(write.value())
                            .append(", then wrote ").append(overwrite.value()).append(" over it");
                    break;
                }
            }
        }
        return story.toString();
    }

    /** The index of {@code update}'s last read before index {@code before}, if its write comes after. */
    private static int readBefore(List<Step> steps, String update, int before) {
        for (int i = before - 1; i >= 0; i--) {
            Step step = steps.get(i);
            if (step.update().equals(update)) {
                return step.isRead() ? i : -1;
            }
        }
        return -1;
    }
}
