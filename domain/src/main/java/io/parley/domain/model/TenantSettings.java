package io.parley.domain.model;

import java.util.Map;

/**
 * A tenant's data-lifecycle settings; null means off (keep forever, never dormant). Messages older
 * than {@code messageDays} and closed conversations not updated for {@code closedConversationDays}
 * are deleted; open and bot conversations without activity for {@code dormantAfterHours} become
 * dormant. A human handoff ends after {@code handoffIdleMinutes} without an agent message.
 */
public record TenantSettings(
    Integer messageDays,
    Integer closedConversationDays,
    Integer dormantAfterHours,
    Integer handoffIdleMinutes) {
  public static final TenantSettings NONE = new TenantSettings(null, null, null, null);
  public static final int MAX_DAYS = 3_650;
  public static final int MAX_HOURS = 8_760;
  public static final int MAX_IDLE_MINUTES = 43_200;

  public TenantSettings(
      Integer messageDays, Integer closedConversationDays, Integer dormantAfterHours) {
    this(messageDays, closedConversationDays, dormantAfterHours, null);
  }

  public TenantSettings {
    within("retention.messageDays", messageDays, MAX_DAYS);
    within("retention.closedConversationDays", closedConversationDays, MAX_DAYS);
    within("dormantAfterHours", dormantAfterHours, MAX_HOURS);
    within("handoffIdleMinutes", handoffIdleMinutes, MAX_IDLE_MINUTES);
  }

  /**
   * These settings with the given fields replaced (a field present with null turns it off); the
   * keys are the field names above.
   */
  public TenantSettings with(Map<String, Integer> changes) {
    return new TenantSettings(
        changes.containsKey("messageDays") ? changes.get("messageDays") : messageDays,
        changes.containsKey("closedConversationDays")
            ? changes.get("closedConversationDays")
            : closedConversationDays,
        changes.containsKey("dormantAfterHours")
            ? changes.get("dormantAfterHours")
            : dormantAfterHours,
        changes.containsKey("handoffIdleMinutes")
            ? changes.get("handoffIdleMinutes")
            : handoffIdleMinutes);
  }

  private static void within(String field, Integer value, int max) {
    if (value != null && (value < 1 || value > max)) {
      throw new InvalidInputException(field, "must be from 1 to " + max + ", or null for off");
    }
  }
}
