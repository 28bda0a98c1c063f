package io.parley.domain.model;

import java.util.Map;

/**
 * A tenant's data-lifecycle settings; null means off (keep forever, never dormant). Messages older
 * than {@code messageDays} and closed conversations not updated for {@code closedConversationDays}
 * are deleted; open and bot conversations without activity for {@code dormantAfterHours} become
 * dormant.
 */
public record TenantSettings(
    Integer messageDays, Integer closedConversationDays, Integer dormantAfterHours) {
  public static final TenantSettings NONE = new TenantSettings(null, null, null);
  public static final int MAX_DAYS = 3_650;
  public static final int MAX_HOURS = 8_760;

  public TenantSettings {
    within("retention.messageDays", messageDays, MAX_DAYS);
    within("retention.closedConversationDays", closedConversationDays, MAX_DAYS);
    within("dormantAfterHours", dormantAfterHours, MAX_HOURS);
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
            : dormantAfterHours);
  }

  private static void within(String field, Integer value, int max) {
    if (value != null && (value < 1 || value > max)) {
      throw new InvalidInputException(field, "must be from 1 to " + max + ", or null for off");
    }
  }
}
