package workshop.selfcheck;

import java.util.ArrayList;
import java.util.List;

/** Busy threads that keep every core working while the tests run. */
final class CpuHog {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    static CpuHog start(int count) {
        CpuHog hog = new CpuHog();
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(hog::spin, "cpu-hog-" + i);
            thread.setDaemon(true);
            hog.threads.add(thread);
            thread.start();
        }
        return hog;
    }

    private void spin() {
        long x = 0;
        while (running) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    void stop() {
        running = false;
    }
}
