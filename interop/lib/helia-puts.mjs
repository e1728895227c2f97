// Helia-like puts into a blockstore, shared by the storing benchmark scripts.

// Puts as Helia makes them: its blockstore layer skips a block the store already has. Puts of
// one CID that overlap also share one write here: blockstore-fs (steno) makes colliding writers
// of a block retry a rename for ~1 s each, which the importer hits on trees (the empty
// directory block is put once per directory, concurrently) and which would swamp the timing.
export function heliaPuts (store) {
  const pending = new Map()
  const put = store.put.bind(store)
  store.put = (cid, bytes, options) => {
    const key = cid.toString()
    let p = pending.get(key)
    if (p == null) {
      p = (async () => {
        try {
          if (!(await store.has(cid, options))) await put(cid, bytes, options)
          return cid
        } finally {
          pending.delete(key)
        }
      })()
      pending.set(key, p)
    }
    return p
  }
  return store
}
