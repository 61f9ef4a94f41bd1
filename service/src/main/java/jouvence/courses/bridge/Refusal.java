package jouvence.courses.bridge;

/** A taken row that cannot become a request: its row, its user's name when known, and why (for the admins). */
public record Refusal(BlockRow row, String username, String reason) {
}
