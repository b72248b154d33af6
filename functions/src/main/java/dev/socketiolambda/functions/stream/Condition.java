package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.stream.StreamRecord.EventName;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code when} of a rule; every part given must hold.
 *
 * @param changed at least one of these differs between the old and the new image (an image the
 *     event does not have, the old one of an INSERT or the new one of a REMOVE, counts as empty)
 * @param equals each path holds this value in the item (numbers compare by value)
 * @param exists each path is present in the item (a NULL attribute is present)
 * @param notExists no path is present in the item
 */
record Condition(
    List<AttributePath> changed, Map<AttributePath, JsonNode> equals, List<AttributePath> exists,
    List<AttributePath> notExists) {

  static final Condition ALWAYS = new Condition(List.of(), Map.of(), List.of(), List.of());

  boolean holds(StreamRecord record, String ruleName, Consumer<String> log) {
    JsonNode item = record.item();
    for (AttributePath p : exists) {
      if (p.resolve(item).isMissingNode()) {
        return false;
      }
    }
    for (AttributePath p : notExists) {
      if (!p.resolve(item).isMissingNode()) {
        return false;
      }
    }
    for (Map.Entry<AttributePath, JsonNode> e : equals.entrySet()) {
      if (!AttributePath.same(e.getKey().resolve(item), e.getValue())) {
        return false;
      }
    }
    if (!changed.isEmpty()) {
      JsonNode before = record.oldImage();
      JsonNode after = record.newImage();
      boolean needsOld = record.eventName() != EventName.INSERT;
      boolean needsNew = record.eventName() != EventName.REMOVE;
      if ((needsOld && before == null) || (needsNew && after == null)) {
        log.accept("rule '" + ruleName + "': cannot evaluate 'changed' on " + record.eventName() + " record "
            + record.sequenceNumber() + " of table " + record.tableName() + ": the stream (view type "
            + record.streamViewType() + ") does not carry " + (needsOld && before == null ? "old" : "new")
            + " images; use NEW_AND_OLD_IMAGES");
        return false;
      }
      boolean any = false;
      for (AttributePath p : changed) {
        if (!AttributePath.same(p.resolve(before), p.resolve(after))) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }
}
