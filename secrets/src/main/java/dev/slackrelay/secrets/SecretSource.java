package dev.slackrelay.secrets;

/** A secret value read lazily and cached. Implementations are thread-safe. */
public interface SecretSource {

    /** The current value, read on first use and cached afterwards. */
    String get();

    /**
     * Reads the value again (after an authentication failure, say), at most once per refresh interval.
     *
     * @return whether the value changed
     */
    boolean refresh();

    /** A value given directly (local use); it never changes. */
    static SecretSource fixed(String value) {
        return new SecretSource() {
            @Override
            public String get() {
                return value;
            }

            @Override
            public boolean refresh() {
                return false;
            }

            @Override
            public String toString() {
                return "SecretSource[fixed]";
            }
        };
    }
}
