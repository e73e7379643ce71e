package org.agencyverify.token;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The byte array of a Token Status List (draft-ietf-oauth-status-list, "Status List"), plain Java: each
 * index holds {@code bits} bits (1, 2, 4 or 8), index 0 in the least significant bits of byte 0; the
 * array is compressed with DEFLATE in the ZLIB format (RFC 1950) and base64url-encoded without padding
 * as the {@code lst} member.
 */
public final class StatusListEncoding {

    public static final int VALID = 0x00;
    public static final int INVALID = 0x01;
    public static final int SUSPENDED = 0x02;

    private StatusListEncoding() {}

    /** An all-VALID array for {@code size} indexes. */
    public static byte[] empty(int size, int bits) {
        checkBits(bits);
        if (size <= 0 || (long) size * bits % 8 != 0) {
            throw new IllegalArgumentException("a list of " + size + " entries of " + bits + " bits does not fill whole bytes");
        }
        return new byte[(int) ((long) size * bits / 8)];
    }

    public static void set(byte[] list, int bits, int index, int status) {
        checkBits(bits);
        if (status < 0 || status >= 1 << bits) {
            throw new IllegalArgumentException("status " + status + " does not fit in " + bits + " bits");
        }
        int perByte = 8 / bits;
        int at = index / perByte;
        if (index < 0 || at >= list.length) {
            throw new IndexOutOfBoundsException("index " + index + " is outside the list");
        }
        int shift = (index % perByte) * bits;
        int mask = ((1 << bits) - 1) << shift;
        list[at] = (byte) ((list[at] & ~mask) | (status << shift));
    }

    public static int get(byte[] list, int bits, int index) {
        checkBits(bits);
        int perByte = 8 / bits;
        int at = index / perByte;
        if (index < 0 || at >= list.length) {
            throw new IndexOutOfBoundsException("index " + index + " is outside the list");
        }
        return (list[at] & 0xff) >>> ((index % perByte) * bits) & ((1 << bits) - 1);
    }

    /** The {@code lst} member: ZLIB (best compression), base64url without padding. */
    public static String lst(byte[] list) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(list);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    /** The byte array of an {@code lst} member, refusing one that inflates past {@code maxBytes} (a compression bomb). */
    public static byte[] array(String lst, int maxBytes) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(Base64.getUrlDecoder().decode(lst));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("lst is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new IllegalArgumentException("lst inflates to more than " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("lst is not ZLIB data", e);
        } finally {
            inflater.end();
        }
    }

    private static void checkBits(int bits) {
        if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
            throw new IllegalArgumentException("bits must be 1, 2, 4 or 8, not " + bits);
        }
    }
}
