package io.coffer.console.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KMS calls over time by operation: calls counted in equal time buckets, one stacked bar per bucket, drawn as SVG on
 * the server (no script needed) with the same numbers as a table beside it for screen readers.
 */
public final class CallChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 260;
    private static final int LEFT = 40;
    private static final int BOTTOM = 20;
    private static final List<String> PALETTE = List.of("#0b5cad", "#d4a72c", "#1a7f37", "#b42318", "#8250df",
            "#0a7a83", "#bf3989", "#57606a", "#e16f24", "#4b7d00");

    /** One operation: its color and its count per bucket. */
    public record Series(String operation, String color, List<Integer> counts) {

        public int total() {
            return counts.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** One drawn rectangle, with the text a pointer over it shows. */
    public record Bar(int x, int y, int width, int height, String color, String title) {
    }

    /** A time bucket's start and its calls by operation (the table's rows). */
    public record Bucket(Instant start, Map<String, Integer> counts) {
    }

    private final List<Series> series;
    private final List<Bar> bars;
    private final List<Bucket> buckets;
    private final int max;

    private CallChart(List<Series> series, List<Bar> bars, List<Bucket> buckets, int max) {
        this.series = series;
        this.bars = bars;
        this.buckets = buckets;
        this.max = max;
    }

    /** A call at a time, by its operation name. */
    public record Call(Instant time, String operation) {
    }

    /** Counts {@code calls} in {@code [from, to)} into {@code bucketCount} buckets; calls outside are ignored. */
    public static CallChart of(List<Call> calls, Instant from, Instant to, int bucketCount) {
        long span = Math.max(1, Duration.between(from, to).toMillis());
        Map<String, int[]> counts = new TreeMap<>();
        for (Call call : calls) {
            long offset = Duration.between(from, call.time()).toMillis();
            if (offset < 0 || offset >= span) {
                continue;
            }
            int bucket = (int) (offset * bucketCount / span);
            counts.computeIfAbsent(call.operation(), k -> new int[bucketCount])[bucket]++;
        }
        List<Series> series = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            List<Integer> perBucket = new ArrayList<>();
            for (int c : e.getValue()) {
                perBucket.add(c);
            }
            series.add(new Series(e.getKey(), PALETTE.get(i++ % PALETTE.size()), List.copyOf(perBucket)));
        }
        int max = 0;
        List<Bucket> buckets = new ArrayList<>();
        for (int b = 0; b < bucketCount; b++) {
            int total = 0;
            Map<String, Integer> row = new TreeMap<>();
            for (Series s : series) {
                total += s.counts().get(b);
                row.put(s.operation(), s.counts().get(b));
            }
            max = Math.max(max, total);
            buckets.add(new Bucket(from.plusMillis(span * b / bucketCount), row));
        }
        int plotWidth = WIDTH - LEFT;
        int plotHeight = HEIGHT - BOTTOM;
        int barWidth = Math.max(1, plotWidth / bucketCount - 2);
        List<Bar> bars = new ArrayList<>();
        for (int b = 0; b < bucketCount; b++) {
            int stacked = 0;
            for (Series s : series) {
                int c = s.counts().get(b);
                if (c == 0) {
                    continue;
                }
                int top = max == 0 ? 0 : (int) Math.round((double) (stacked + c) * plotHeight / max);
                int bottom = max == 0 ? 0 : (int) Math.round((double) stacked * plotHeight / max);
                bars.add(new Bar(LEFT + b * plotWidth / bucketCount, plotHeight - top, barWidth, top - bottom,
                        s.color(), s.operation() + ": " + c));
                stacked += c;
            }
        }
        return new CallChart(List.copyOf(series), List.copyOf(bars), List.copyOf(buckets), max);
    }

    public List<Series> series() {
        return series;
    }

    public List<Bar> bars() {
        return bars;
    }

    public List<Bucket> buckets() {
        return buckets;
    }

    /** The most calls in one bucket: the chart's height. */
    public int max() {
        return max;
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    /** The y of the x axis. */
    public int axis() {
        return HEIGHT - BOTTOM;
    }
}
