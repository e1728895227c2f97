// Known-answer IPNS records made by the JS reference package `ipns` (npm), for Cairn's Java
// tests (codec/src/test/resources/ipns/js-ipns.json) and the interop test that re-checks them.
// Ed25519 signatures are deterministic, so a fixed seed, value, sequence, TTL and validity give
// fixed bytes. Run: node lib/ipns-vectors.mjs > ../codec/src/test/resources/ipns/js-ipns.json
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { createIPNSRecordWithExpiration, marshalIPNSRecord } from 'ipns'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { fileURLToPath } from 'node:url'

export async function ipnsVectors () {
  const cases = [
    { seed: '07'.repeat(32), value: '/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', sequence: 7n, ttlNs: 300000000000n, validity: '2030-01-02T03:04:05.123456789Z', v1Compatible: true },
    { seed: '2a'.repeat(32), value: '/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/docs', sequence: 0n, ttlNs: 3600000000000n, validity: '2031-12-31T23:59:59.987654321Z', v1Compatible: true },
    { seed: 'f0'.repeat(32), value: '/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', sequence: 123456789n, ttlNs: 1n, validity: '2030-06-01T00:00:00.000000001Z', v1Compatible: false }
  ]
  const out = []
  for (const c of cases) {
    const key = await generateKeyPairFromSeed('Ed25519', Buffer.from(c.seed, 'hex'))
    const record = await createIPNSRecordWithExpiration(key, c.value, c.sequence, c.validity, { v1Compatible: c.v1Compatible, ttlNs: c.ttlNs })
    const name = CID.createV1(0x72, key.publicKey.toMultihash()).toString(base36)
    out.push({
      seed: c.seed,
      name,
      value: c.value,
      sequence: c.sequence.toString(),
      ttlNs: c.ttlNs.toString(),
      validity: c.validity,
      v1Compatible: c.v1Compatible,
      record: Buffer.from(marshalIPNSRecord(record)).toString('hex')
    })
  }
  return { generator: 'ipns@10.1.6 createIPNSRecordWithExpiration', cases: out }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await ipnsVectors(), null, 2))
}
