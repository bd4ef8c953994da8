package io.coffer.events.contract;

/** An EXTERNAL key's material was deleted: by DeleteImportedKeyMaterial, or because it {@code expired}. */
public record ImportedKeyMaterialDeleted(boolean expired) implements KeyEvent {
}
