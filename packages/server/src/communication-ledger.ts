/**
 * Bytes on the wire over a run: per round the clients' uploads and downloads, and at the end the
 * totals, the per-client means and what they compare to (the log2(n_l!) information content of
 * a ranking upload, the float32 size of the same model).
 */
import { informationBits } from './codecs/information.js';
import { codecDescriptor } from './codecs/select-codec.js';

export interface CommunicationTotals {
  totalUploadBytes: number;
  totalDownloadBytes: number;
  /** Mean bytes one sampled client uploads / downloads per round. */
  uploadBytesPerClientRound: number;
  downloadBytesPerClientRound: number;
  /** Per upload: the information content of the rankings (sum of log2(n_l!) bits) or the float32 size. */
  informationBytesPerUpload: number;
  float32BytesPerUpload: number;
  codec: string;
}

export class CommunicationLedger {
  private upload = 0;
  private download = 0;
  private clientRounds = 0;

  private readonly codec: string;

  constructor(
    private readonly kind: 'ranking' | 'weights',
    private readonly layerSizes: readonly number[],
    options: { rankingCodec: string; weightsCodec: string; signs: boolean },
  ) {
    this.codec = (
      kind === 'ranking'
        ? codecDescriptor('ranking', options.rankingCodec)
        : options.signs
          ? codecDescriptor('signs')
          : codecDescriptor('weights', options.weightsCodec)
    ).name;
  }

  addRound(uploadBytes: number, downloadBytes: number, clients: number): void {
    this.upload += uploadBytes;
    this.download += downloadBytes;
    this.clientRounds += clients;
  }

  totals(): CommunicationTotals {
    const n = this.clientRounds;
    return {
      totalUploadBytes: this.upload,
      totalDownloadBytes: this.download,
      uploadBytesPerClientRound: n > 0 ? this.upload / n : 0,
      downloadBytesPerClientRound: n > 0 ? this.download / n : 0,
      informationBytesPerUpload: this.kind === 'ranking' ? informationBits(this.layerSizes) / 8 : 4 * this.layerSizes[0],
      float32BytesPerUpload: 4 * this.layerSizes.reduce((a, b) => a + b, 0),
      codec: this.codec,
    };
  }
}
