package workshop.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import workshop.cli.Runner.Outcome;
import workshop.cli.Workshop.Exercise;
import workshop.cli.Workshop.Task;

/**
 * Watch mode: shows the current exercise, runs its tests, and runs them again on every save in
 * its sources (debounced; a save during a run queues one more). Single keys, no Enter: h the
 * next hint, n the next exercise, l the list, r run again, q quit. Where the terminal is not
 * interactive it says so and reads whole lines instead (r and Enter).
 */
final class Watch {

    /** Saves closer together than this make one run (an editor's "save all"). */
    static final long DEBOUNCE_MILLIS = 100;

    private sealed interface Event {}

    private record Key(char key) implements Event {}

    private record Saved() implements Event {}

    private record Ran(Exercise exercise, Outcome outcome) implements Event {}

    private record Redraw() implements Event {}

    private record Quit() implements Event {}

    private record Archived() implements Event {}

    private final Main main;
    private final Workshop workshop;
    private final Progress progress;
    private final Runner runner;
    private final String command;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "workshop-run");
        thread.setDaemon(true);
        return thread;
    });

    private Exercise exercise;
    private Outcome outcome;
    private boolean running;
    private boolean runAgain;
    private long savedAt;
    private List<String> below = List.of();
    private String note = "";
    private SourceWatcher watcher;
    private Terminal terminal;
    private boolean interactive;
    private boolean archiving;
    private LocalTime finishedAt;
    private String hintFor;
    private boolean warm;

    Watch(Main main, Workshop workshop, Progress progress, Runner runner, String command) {
        this.main = main;
        this.workshop = workshop;
        this.progress = progress;
        this.runner = runner;
        this.command = command;
    }

    int run(Exercise start) throws IOException {
        terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(true).build();
        interactive = !terminal.getType().startsWith(Terminal.TYPE_DUMB) && System.console() != null;
        Attributes saved = terminal.getAttributes();
        Thread cleanup = new Thread(() -> {
            runner.cancel();
            restore(saved);
        }, "workshop-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            if (interactive) {
                terminal.enterRawMode();
                terminal.handle(Terminal.Signal.WINCH, signal -> events.add(new Redraw()));
                terminal.handle(Terminal.Signal.INT, signal -> events.add(new Quit()));
                startThread("workshop-keys", this::readKeys);
            } else {
                note = "This is not an interactive terminal, so keys need Enter: r (or just Enter) runs the tests"
                        + " again; h, n, l and q the same way.";
                startThread("workshop-lines", this::readLines);
            }
            switchTo(start);
            loop();
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            runner.cancel();
            runs.shutdownNow();
            restore(saved);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        PrintWriter out = terminal.writer();
        out.print("\r\nYour progress is kept in .workshop/progress.properties: " + command + " goes on from here.\r\n");
        out.flush();
        terminal.close();
        return 0;
    }

    private void loop() {
        while (true) {
            Event event;
            try {
                long wait = savedAt == 0 ? 1000 : Math.max(1, savedAt + DEBOUNCE_MILLIS - System.currentTimeMillis());
                event = events.poll(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (savedAt != 0 && System.currentTimeMillis() >= savedAt + DEBOUNCE_MILLIS) {
                savedAt = 0;
                startRun();
            }
            if (event == null) {
                continue;
            }
            switch (event) {
                case Saved s -> savedAt = System.currentTimeMillis();
                case Ran r -> finished(r);
                case Redraw r -> draw();
                case Archived a -> archiving = false;
                case Quit q -> {
                    return;
                }
                case Key k -> {
                    if (!key(k.key())) {
                        return;
                    }
                }
            }
        }
    }

    /** Acts on a key; false to quit. */
    private boolean key(char key) {
        switch (Character.toLowerCase(key)) {
            case 'q', 3, 4 -> {
                return false;
            }
            case 'r', '\r', '\n' -> {
                below = List.of();
                startRun();
            }
            case 'h' -> {
                Optional<Task> task = main.currentTask(exercise, outcome);
                below = task.map(t -> main.nextHint(exercise, t, "(Press h again for the next hint.)"))
                        .orElse(List.of("This exercise has no tasks."));
                hintFor = task.map(Task::id).orElse(null);
                draw();
            }
            case 'l' -> {
                hintFor = null;
                below = new ArrayList<>(main.listing(exercise));
                below.add("(n moves to the next exercise; " + command + " MODULE starts at any of them.)");
                draw();
            }
            case 'n' -> {
                Optional<Exercise> next = main.next(exercise);
                if (next.isEmpty()) {
                    below = List.of("That was the last exercise.");
                    draw();
                } else {
                    below = List.of();
                    switchTo(next.get());
                }
            }
            default -> { }
        }
        return true;
    }

    private void switchTo(Exercise next) {
        if (running) {
            runner.cancel(); // its result is for the exercise we leave
        }
        exercise = next;
        outcome = null;
        progress.current(exercise);
        progress.save();
        if (watcher != null) {
            watcher.close();
        }
        watcher = SourceWatcher.start(List.of(exercise.mainSources(), exercise.givenSources()),
                () -> events.add(new Saved()));
        startRun();
    }

    private void startRun() {
        if (running) {
            runAgain = true; // one more run once this one ends
            return;
        }
        if (archiving) {
            runner.cancelArchive(); // a run comes first; the archive is made in the next pause
        }
        running = true;
        finishedAt = null;
        draw();
        Exercise target = exercise;
        runs.submit(() -> events.add(new Ran(target, runner.run(target))));
    }

    private void finished(Ran ran) {
        running = false;
        if (ran.exercise().equals(exercise)) {
            outcome = ran.outcome();
            finishedAt = LocalTime.now();
            main.record(exercise, outcome);
            // A hint stays while its task is the one to work on; a list or an old hint goes.
            String current = main.currentTask(exercise, outcome).map(Task::id).orElse(null);
            if (outcome.green() || hintFor == null || !hintFor.equals(current)) {
                below = List.of();
                hintFor = null;
            }
        }
        if (runAgain || !ran.exercise().equals(exercise)) {
            runAgain = false;
            startRun();
        } else {
            draw();
            prepareArchive(ran.exercise());
            warmUp(ran.exercise());
        }
    }

    private void draw() {
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 100;
        Screen screen = new Screen(width - 1, interactive);
        List<String> footer = new ArrayList<>();
        if (outcome != null && outcome.green()) {
            footer.add(screen.bold("All green.") + (main.next(exercise).isPresent()
                    ? " Press n for the next exercise." : " That was the last exercise: well done."));
        }
        footer.add(interactive ? "h hint   n next exercise   l list   r run again   q quit"
                : "h hint   n next   l list   r run again   q quit   (then Enter)");
        String watching = watcher == null || watcher.how() == null ? "" : " (" + watcher.how() + ")";
        footer.add(running ? "Running the tests ..."
                : (outcome == null || finishedAt == null ? "" : "Ran in " + String.format("%.1f", outcome.millis() / 1000.0)
                        + " s at " + finishedAt.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + ". ")
                        + "Save a file in " + exercise.name() + "/src/main/java to run again" + watching + ".");
        if (!note.isEmpty()) {
            footer.add(note);
        }
        List<String> lines = screen.render(new Screen.View(workshop, progress, exercise, outcome, below, footer));
        PrintWriter out = terminal.writer();
        StringBuilder text = new StringBuilder(interactive ? "\u001b[H\u001b[2J" : "\n");
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        out.print(text);
        out.flush();
    }

    /** Compiles the exercise once aside while the learner reads, so that the first save finds javac warm. */
    private void warmUp(Exercise ranFor) {
        if (warm) {
            return;
        }
        warm = true;
        Thread thread = new Thread(() -> runner.warmUp(ranFor), "workshop-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Makes the libraries' class data archive while the learner reads, if there is none yet. */
    private void prepareArchive(Exercise ranFor) {
        if (archiving || runner.archiveReady()) {
            return;
        }
        archiving = true;
        Thread thread = new Thread(() -> {
            runner.prepareArchive(ranFor);
            events.add(new Archived());
        }, "workshop-archive");
        thread.setDaemon(true);
        thread.start();
    }

    private void readKeys() {
        NonBlockingReader reader = terminal.reader();
        while (true) {
            try {
                int c = reader.read(250);
                if (c == NonBlockingReader.EOF) {
                    events.add(new Quit());
                    return;
                }
                if (c >= 0) {
                    events.add(new Key((char) c));
                }
            } catch (IOException e) {
                events.add(new Quit());
                return;
            }
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                events.add(new Key(line.isBlank() ? 'r' : line.strip().charAt(0)));
            }
        } catch (IOException e) {
            // no input: runs on saves only, until the process is stopped
            return;
        }
        // End of input (a script's here-document, say) is not a quit: saves still run the tests.
    }

    private void startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void restore(Attributes saved) {
        try {
            terminal.setAttributes(saved);
        } catch (RuntimeException e) {
            // the terminal is gone already
        }
    }
}
