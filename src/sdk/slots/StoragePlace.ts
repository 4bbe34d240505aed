/** Where a value sits in storage: its slot (relative to its struct's or the contract's first), byte offset from the right, size in bytes. */
export type StoragePlace = { readonly slot: number; readonly offset: number; readonly bytes: number }
