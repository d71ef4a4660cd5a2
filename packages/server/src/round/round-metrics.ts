/** One line of metrics.jsonl: what a round did and how the global model scored after it. */
export interface RoundMetrics {
  round: number;
  accuracy: number;
  loss: number;
  trainLoss: number;
  /** Wall time of the round including its evaluation, seconds. */
  seconds: number;
  trainSeconds: number;
  /** Of trainSeconds, the attack's own crafting (the craft stage; the colluding pool's training excluded). */
  craftSeconds: number;
  evalSeconds: number;
  lr: number;
  clients: number;
  maliciousClients: number;
  rejectedUpdates: number;
  /** Bytes the round's clients uploaded (their encoded updates) and downloaded (the global state). */
  uploadBytes: number;
  downloadBytes: number;
  uploadBytesPerClient: number;
}
