package org.agencyverify.contact.change;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every {@link ChangeKind}, by the actions it handles; an action without one is a wiring error at start. */
@ApplicationScoped
public class ChangeKinds {

    private final Map<ContactChange.Action, ChangeKind> byAction = new EnumMap<>(ContactChange.Action.class);

    ChangeKinds(@All List<ChangeKind> kinds) {
        kinds.forEach(kind -> kind.actions().forEach(action -> byAction.put(action, kind)));
        for (ContactChange.Action action : ContactChange.Action.values()) {
            if (!byAction.containsKey(action)) {
                throw new IllegalStateException("no change kind handles " + action);
            }
        }
    }

    public ChangeKind of(ContactChange change) {
        return byAction.get(change.action);
    }
}
