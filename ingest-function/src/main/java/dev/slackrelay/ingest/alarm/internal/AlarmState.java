package dev.slackrelay.ingest.alarm.internal;

/** The states of a CloudWatch alarm ({@code NewStateValue}), each with the emoji its title leads with. */
public enum AlarmState {
    ALARM(":rotating_light:"),
    OK(":white_check_mark:"),
    INSUFFICIENT_DATA(":grey_question:");

    private final String emoji;

    AlarmState(String emoji) {
        this.emoji = emoji;
    }

    /** The Slack emoji code of this state. */
    public String emoji() {
        return emoji;
    }

    /** The state named {@code value} exactly as CloudWatch spells it, or {@code null} for anything else. */
    public static AlarmState of(String value) {
        for (AlarmState state : values()) {
            if (state.name().equals(value)) {
                return state;
            }
        }
        return null;
    }
}
