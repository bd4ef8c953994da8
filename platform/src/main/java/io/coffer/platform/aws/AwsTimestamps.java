package io.coffer.platform.aws;

import java.math.BigDecimal;
import java.time.Instant;

/** Timestamps as the AWS JSON protocol writes them: epoch seconds with a fractional part. */
public final class AwsTimestamps {

    private AwsTimestamps() {
    }

    public static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }
}
