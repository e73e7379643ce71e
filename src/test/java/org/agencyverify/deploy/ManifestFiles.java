package org.agencyverify.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads the deployment files of the repository: YAML documents and the Dockerfile. */
final class ManifestFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One YAML document of one file. {@code index} counts documents from 0 within the file. */
    record Doc(String file, int index, JsonNode node) {

        String kind() {
            return node.path("kind").asText("");
        }

        String name() {
            return node.path("metadata").path("name").asText("");
        }

        /** "k8s/base/deployment.yaml: Deployment agency-verify" (document number when several). */
        String where() {
            String doc = index > 0 ? " (document " + (index + 1) + ")" : "";
            String what = kind().isEmpty() ? "document" : name().isEmpty() ? kind() : kind() + " " + name();
            return file + doc + ": " + what;
        }
    }

    /** One Dockerfile instruction, continuation lines joined. */
    record Instruction(int line, String keyword, String arguments) {
    }

    private ManifestFiles() {
    }

    /** The repository root: the nearest directory upwards that has pom.xml and the k8s folder. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isRegularFile(p.resolve("src/main/resources/application.properties"))) {
                return p;
            }
        }
        throw new IllegalStateException("no pom.xml with src/main/resources/application.properties above " + dir);
    }

    static List<Path> yamlFilesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        }
    }

    /** Every non-empty document of a (possibly multi-document) YAML file. */
    static List<Doc> readYaml(Path root, Path file) throws IOException {
        String relative = root.relativize(file).toString().replace('\\', '/');
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            int index = 0;
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    docs.add(new Doc(relative, index, node));
                }
                index++;
            }
        }
        return docs;
    }

    /** Dockerfile instructions, comments dropped and '\' continuation lines joined. */
    static List<Instruction> readDockerfile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> result = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || (line.isEmpty() && current == null)) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            String content = continues ? line.substring(0, line.length() - 1) : line;
            if (current == null) {
                current = new StringBuilder(content);
                start = i + 1;
            } else {
                current.append(' ').append(content);
            }
            if (!continues) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
                String args = space < 0 ? "" : text.substring(space + 1).strip();
                result.add(new Instruction(start, keyword, args));
                current = null;
            }
        }
        return result;
    }

    /** Instructions of the last build stage (from its FROM on). */
    static List<Instruction> finalStage(List<Instruction> all) {
        int from = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                from = i;
            }
        }
        return from < 0 ? List.of() : all.subList(from, all.size());
    }

    // --- small JSON helpers ------------------------------------------------------------------

    static List<JsonNode> list(JsonNode node) {
        List<JsonNode> result = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(result::add);
        }
        return result;
    }

    static void forEachField(JsonNode node, Consumer<Map.Entry<String, JsonNode>> action) {
        if (node != null && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            it.forEachRemaining(action);
        }
    }

    static Optional<String> text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }
}
