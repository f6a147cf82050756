package dev.slackrelay.queue;

/**
 * What SQS accepts as message text: the characters XML allows ({@code #x9 | #xA | #xD | #x20-#xD7FF |
 * #xE000-#xFFFD | #x10000-#x10FFFF}), and their size in UTF-8, which is what SQS counts. Stateless and
 * thread-safe.
 */
public final class SqsText {

    private SqsText() {
    }

    /** Whether SQS accepts every character of {@code text} in a message body or attribute value. */
    public static boolean isValid(String text) {
        return firstInvalid(text) < 0;
    }

    /** The first code point SQS rejects, or {@code -1} if there is none. Lone surrogates count as rejected. */
    public static int firstInvalid(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!allowed(cp)) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** The length of {@code text} in UTF-8, computed without encoding it. */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp < 0x80) {
                bytes += 1;
            } else if (cp < 0x800) {
                bytes += 2;
            } else if (cp < 0x10000) {
                bytes += 3;
            } else {
                bytes += 4;
            }
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
