package io.coffer.audit.query;

import io.coffer.aws.AwsTimestamps;
import io.coffer.kernel.AwsException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;

/** A time in a query parameter: ISO-8601 ({@code 2026-11-26T10:00:00Z}) or epoch seconds, as CLIs and SDKs write it. */
public final class TimeParameter {

    private TimeParameter() {
    }

    /**
     * @return the time, or null if the parameter is absent
     * @throws AwsException InvalidTimeRangeException if it is not a time
     */
    public static Instant parse(String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            if (Character.isDigit(value.charAt(0)) && !value.contains("-")) {
                return AwsTimestamps.instant(new BigDecimal(value));
            }
            return Instant.parse(value);
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            throw AwsException.client("InvalidTimeRangeException",
                    name + " must be an ISO-8601 time such as 2026-11-26T10:00:00Z, or epoch seconds");
        }
    }
}
