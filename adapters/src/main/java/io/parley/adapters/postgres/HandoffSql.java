package io.parley.adapters.postgres;

/**
 * The handoff rules in SQL, for the statements that read or move a conversation row: whether its
 * stored handoff still holds at a time, the status it stands at, and what a manual_outbound append
 * does to it (the SQL form of {@link io.parley.domain.model.Conversation#withAgentMessage}). {@code
 * row} prefixes the conversation's columns ("c." or "" in an UPDATE's own row).
 */
final class HandoffSql {
  private HandoffSql() {}

  /** Whether the row's stored handoff holds at {@code now} (an SQL expression). */
  static String active(String row, String now) {
    return ("(%1$shandoff_since IS NOT NULL AND (%1$shandoff_until IS NULL OR %1$shandoff_until > %2$s)"
            + " AND (%1$shandoff_idle_minutes IS NULL"
            + " OR %1$shandoff_agent_at + %1$shandoff_idle_minutes * interval '1 minute' > %2$s))")
        .formatted(row, now);
  }

  /** The status the row stands at, at {@code now}. */
  static String status(String row, String now) {
    return "(CASE WHEN %1$shandoff_since IS NOT NULL AND NOT %2$s THEN %1$shandoff_prior_status ELSE %1$sstatus END)"
        .formatted(row, active(row, now));
  }

  /**
   * The SET clauses of an append: {@code manual} and {@code starts} are SQL booleans (a
   * manual_outbound message among those appended; one recent enough to start a handoff), {@code
   * sentAt} its (newest) provider time, {@code tenant} the tenant id's parameter.
   */
  static String agentMessage(String row, String manual, String starts, String sentAt, String now) {
    String active = active(row, now);
    String starting =
        "(%s AND NOT %s AND %s IN ('open', 'bot'))".formatted(starts, active, status(row, now));
    String continuing = "(%s AND %s)".formatted(manual, active);
    return """
        status = CASE WHEN %2$s THEN 'handoff' ELSE %1$sstatus END,
        handoff_prior_status = CASE WHEN %2$s THEN %4$s ELSE %1$shandoff_prior_status END,
        handoff_since = CASE WHEN %2$s THEN %6$s ELSE %1$shandoff_since END,
        handoff_assignee = CASE WHEN %2$s THEN NULL ELSE %1$shandoff_assignee END,
        handoff_reason = CASE WHEN %2$s THEN 'agent_message' ELSE %1$shandoff_reason END,
        handoff_until = CASE WHEN %2$s THEN NULL ELSE %1$shandoff_until END,
        handoff_agent_at = CASE WHEN %2$s THEN %5$s
          WHEN %3$s THEN GREATEST(%1$shandoff_agent_at, %5$s) ELSE %1$shandoff_agent_at END,
        handoff_idle_minutes = CASE WHEN %2$s OR %3$s
          THEN (SELECT t.handoff_idle_minutes FROM tenants t WHERE t.id = :tenant)
          ELSE %1$shandoff_idle_minutes END"""
        .formatted(row, starting, continuing, status(row, now), sentAt, now);
  }
}
