package io.coffer.console;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What templates need beyond HTML escaping: values inside URLs, and times in one format. */
@TemplateExtension
public final class TemplateExtensions {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private TemplateExtensions() {
    }

    /** The value as a URL query parameter or path segment ({@code {ref.url}}). */
    static String url(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String utc(Instant time) {
        return time == null ? "" : TIME.format(time);
    }

    /** A git date as CodeCommit gives it ("seconds-since-epoch +hhmm") in UTC; anything else as it is. */
    static String gitDate(String date) {
        if (date == null) {
            return "";
        }
        try {
            return TIME.format(Instant.ofEpochSecond(Long.parseLong(date.split(" ")[0])));
        } catch (NumberFormatException e) {
            return date;
        }
    }

    /** The first line of a commit message or description. */
    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
