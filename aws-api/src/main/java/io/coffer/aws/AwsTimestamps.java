package io.coffer.aws;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** Timestamps as the AWS JSON protocol writes them: epoch seconds with a fractional part. */
public final class AwsTimestamps {

    private AwsTimestamps() {
    }

    public static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    /**
     * @throws ArithmeticException or {@link java.time.DateTimeException} if the value is no representable time
     */
    public static Instant instant(BigDecimal epochSeconds) {
        BigDecimal seconds = epochSeconds.setScale(0, RoundingMode.FLOOR);
        return Instant.ofEpochSecond(seconds.longValueExact(), epochSeconds.subtract(seconds).movePointRight(9).intValue());
    }
}
