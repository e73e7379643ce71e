package org.agencyverify.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The local stack's mail: scripts/stack.sh runs aiosmtpd on 127.0.0.1:1025 and it stores every message
 * in the Maildir $AGENCY_VERIFY_CACHE/run/mail (default ~/.cache/agency-verify/run/mail). Keycloak's
 * realm sends there. Tests find their message by its unique recipient.
 */
public final class Maildir {

    private static final Session SESSION = Session.getInstance(new Properties());

    private Maildir() {}

    public static Path root() {
        String cache = System.getenv().getOrDefault("AGENCY_VERIFY_CACHE",
                System.getProperty("user.home") + "/.cache/agency-verify");
        return Path.of(cache, "run", "mail");
    }

    /** The message to {@code recipient}, waiting up to {@code limit} for it to arrive. */
    public static MimeMessage awaitMessageTo(String recipient, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<MimeMessage> found = messagesTo(recipient).stream().findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no mail to " + recipient + " in " + root() + " within " + limit);
            }
            Eventually.sleep(250);
        }
    }

    public static List<MimeMessage> messagesTo(String recipient) {
        return Stream.of("new", "cur").map(root()::resolve).filter(Files::isDirectory).flatMap(Maildir::files)
                .filter(file -> mentions(file, recipient)).map(Maildir::parse).filter(m -> isTo(m, recipient)).toList();
    }

    /** The text/plain body (or the first text part) of a message. */
    public static String text(MimeMessage message) {
        try {
            return text((Object) message.getContent(), message.getContentType());
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object content, String type) throws MessagingException, IOException {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof Multipart multipart) {
            String fallback = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String text = text(part.getContent(), part.getContentType());
                if (part.isMimeType("text/plain") && text != null) {
                    return text;
                }
                fallback = fallback == null ? text : fallback;
            }
            return fallback;
        }
        return null;
    }

    private static boolean isTo(MimeMessage message, String recipient) {
        try {
            Object[] to = message.getRecipients(Message.RecipientType.TO);
            return to != null && Arrays.stream(to)
                    .anyMatch(a -> a instanceof InternetAddress ia && recipient.equalsIgnoreCase(ia.getAddress()));
        } catch (MessagingException e) {
            return false;
        }
    }

    private static Stream<Path> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A cheap look at the raw bytes before parsing: the Maildir keeps every message ever sent. */
    private static boolean mentions(Path file, String recipient) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .toLowerCase(java.util.Locale.ROOT).contains(recipient.toLowerCase(java.util.Locale.ROOT));
        } catch (IOException e) {
            return false; // moved from new/ to cur/ meanwhile, or being written
        }
    }

    private static MimeMessage parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage message = new MimeMessage(SESSION, in);
            message.getContent(); // read fully while the file is open
            return message;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("unreadable message " + file, e);
        }
    }
}
