package org.agencyverify.agency;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 CSV reader: commas, double-quoted fields with "" escapes and line breaks inside,
 * CRLF or LF line ends. Each record carries the line it starts on, for reports a person can follow.
 */
public final class CsvReader {

    /** One record and the (1-based) line it starts on. */
    public record Row(int line, List<String> fields) {}

    /** The input is not CSV (an unterminated quote, or junk after a closing quote). */
    public static final class MalformedCsvException extends RuntimeException {
        private final int line;

        MalformedCsvException(int line, String reason) {
            super(reason, null, false, false);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private final Reader in;
    private int line = 1;
    private int pushedBack = -2;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end. Blank lines are skipped. */
    public Row next() {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int start = line;
        int c = read();
        if (c == -1) {
            return null;
        }
        boolean any = false;
        while (true) {
            if (c == '"' && field.length() == 0) {
                readQuoted(field, start);
                c = read();
                if (c != ',' && c != '\r' && c != '\n' && c != -1) {
                    throw new MalformedCsvException(start, "unexpected character after a closing quote");
                }
                any = true;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        pushedBack = after;
                    }
                }
                if (c != -1) {
                    line++;
                }
                if (!any && field.length() == 0) {
                    if (c == -1) {
                        return null;
                    }
                    start = line;
                    c = read();
                    continue;
                }
                fields.add(field.toString());
                return new Row(start, fields);
            } else {
                field.append((char) c);
                any = true;
            }
            c = read();
        }
    }

    private void readQuoted(StringBuilder field, int start) {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new MalformedCsvException(start, "a quoted field is not closed");
            }
            if (c == '"') {
                int after = read();
                if (after == '"') {
                    field.append('"');
                    continue;
                }
                pushedBack = after;
                return;
            }
            if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private int read() {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
