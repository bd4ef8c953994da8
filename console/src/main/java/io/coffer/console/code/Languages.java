package io.coffer.console.code;

import java.util.Locale;
import java.util.Map;

/** The highlight.js language of a file, by its name; files it does not know are shown as plain text. */
final class Languages {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("java", "java"), Map.entry("kt", "kotlin"), Map.entry("scala", "scala"),
            Map.entry("groovy", "groovy"), Map.entry("py", "python"), Map.entry("rb", "ruby"),
            Map.entry("go", "go"), Map.entry("rs", "rust"), Map.entry("c", "c"), Map.entry("h", "c"),
            Map.entry("cc", "cpp"), Map.entry("cpp", "cpp"), Map.entry("hpp", "cpp"), Map.entry("cs", "csharp"),
            Map.entry("js", "javascript"), Map.entry("mjs", "javascript"), Map.entry("ts", "typescript"),
            Map.entry("json", "json"), Map.entry("xml", "xml"), Map.entry("html", "xml"), Map.entry("svg", "xml"),
            Map.entry("css", "css"), Map.entry("scss", "scss"), Map.entry("yaml", "yaml"), Map.entry("yml", "yaml"),
            Map.entry("toml", "ini"), Map.entry("ini", "ini"), Map.entry("properties", "properties"),
            Map.entry("sh", "bash"), Map.entry("bash", "bash"), Map.entry("sql", "sql"), Map.entry("md", "markdown"),
            Map.entry("php", "php"), Map.entry("swift", "swift"), Map.entry("lua", "lua"), Map.entry("pl", "perl"),
            Map.entry("diff", "diff"), Map.entry("patch", "diff"), Map.entry("gradle", "groovy"));
    private static final Map<String, String> BY_NAME = Map.of("Dockerfile", "dockerfile", "Makefile", "makefile",
            "pom.xml", "xml");

    private Languages() {
    }

    /** The {@code language-…} class for a file's {@code <code>} element. */
    static String of(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        String language = BY_NAME.get(file);
        if (language == null) {
            int dot = file.lastIndexOf('.');
            language = dot < 0 ? null : BY_EXTENSION.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
        }
        return "language-" + (language == null ? "plaintext" : language);
    }
}
