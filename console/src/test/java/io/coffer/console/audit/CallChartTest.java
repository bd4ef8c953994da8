package io.coffer.console.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallChartTest {

    private static final Instant FROM = Instant.parse("2026-12-07T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-07T04:00:00Z");

    @Test
    void givenCallsInTwoHours_whenCharted_thenEachOperationIsCountedInItsBucket() {
        CallChart chart = CallChart.of(List.of(call("00:10", "Decrypt"), call("00:50", "Decrypt"),
                call("00:59", "GenerateDataKey"), call("02:30", "Decrypt")), FROM, TO, 4);

        assertEquals(List.of("Decrypt", "GenerateDataKey"),
                chart.series().stream().map(CallChart.Series::operation).toList());
        assertEquals(List.of(2, 0, 1, 0), chart.series().get(0).counts());
        assertEquals(List.of(1, 0, 0, 0), chart.series().get(1).counts());
        assertEquals(3, chart.max());
        assertEquals(Map.of("Decrypt", 2, "GenerateDataKey", 1), chart.buckets().get(0).counts());
        assertEquals(Instant.parse("2026-12-07T02:00:00Z"), chart.buckets().get(2).start());
    }

    @Test
    void givenTheTallestBucket_whenDrawn_thenItsStackFillsThePlotHeight() {
        CallChart chart = CallChart.of(List.of(call("00:10", "Decrypt"), call("00:20", "Encrypt"),
                call("01:10", "Decrypt")), FROM, TO, 4);

        List<CallChart.Bar> first = chart.bars().stream().filter(b -> b.x() == chart.bars().get(0).x()).toList();
        assertEquals(chart.axis(), first.stream().mapToInt(CallChart.Bar::height).sum());
        assertEquals(0, first.get(1).y());
        assertEquals("Encrypt: 1", first.get(1).title());
    }

    @Test
    void givenCallsOutsideTheRange_whenCharted_thenTheyAreLeftOut() {
        CallChart chart = CallChart.of(List.of(call("04:00", "Decrypt"),
                new CallChart.Call(FROM.minusSeconds(1), "Decrypt")), FROM, TO, 4);

        assertEquals(List.of(), chart.series());
        assertEquals(0, chart.max());
    }

    private static CallChart.Call call(String time, String operation) {
        return new CallChart.Call(Instant.parse("2026-12-07T" + time + ":00Z"), operation);
    }
}
