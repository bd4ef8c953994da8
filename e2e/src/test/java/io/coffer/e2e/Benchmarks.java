package io.coffer.e2e;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the whole-stack benchmarks share: their exit, timing a call, and the stack's CPU. */
final class Benchmarks {

    private Benchmarks() {
    }

    /** Runs a benchmark as a program's main: the JVM exits when it ends, 0 if it finished, 1 if it threw. */
    static void exitAfter(Call benchmark) {
        int status = 1;
        try {
            benchmark.run();
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            // the in-JVM Kafka broker's threads would keep the JVM alive, after a failure too
            System.exit(status);
        }
    }

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /** {@code calls} calls' wall times in milliseconds, sorted. */
    static double[] timed(Call call, int calls) throws Exception {
        double[] millis = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    /** CPU time so far of this JVM ("client") and of each running service of the stack. */
    static Map<String, Duration> cpu(CofferStack stack) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        cpu.put("client", Duration.ofNanos(((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()));
        for (ServiceProcess service : stack.running()) {
            cpu.put(service.name(), service.cpu());
        }
        return cpu;
    }

    static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }
}
