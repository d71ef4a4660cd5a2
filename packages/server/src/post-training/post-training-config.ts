/**
 * The `postTraining` key of a run config: unsupervised federated post-training of a saved
 * global model by majority-vote self-rewards and GRPO (MM-UPT, arXiv
 * 2505.22453). Defaults are MM-UPT's: G = 10 samples at temperature 0.7, KL coefficient
 * 0.01 (k3 estimator), clip low 0.2, high 0.3, dual 3. Rounds, clients per round, learning
 * rate and local epochs come from the usual `federation.*` and `training.*` keys. The opt-in
 * variants (augment, klAnchor, minAgreement, balanceGuard, balanceTarget) default to off, i.e.
 * to the recipe.
 */
import { z } from 'zod';

export const DEFAULT_POST_TRAINING_CLIP = { low: 0.2, high: 0.3, dual: 3 } as const;

export const postTrainingSchema = z
  .strictObject({
    /** A finished run's directory (holds model/ and config.resolved.yaml): the model to start from. */
    from: z.string().min(1),
    /** G: labels sampled per unlabeled input. */
    groupSize: z.number().int().min(2, 'expected an integer >= 2 (a group of one has no advantage)').default(10),
    /** T: sampling temperature; log-probabilities are taken at the same temperature. */
    temperature: z.number().positive().default(0.7),
    /** Weight of the k3 KL penalty to the model the client received this round. */
    klCoef: z.number().min(0).default(0.01),
    clip: z
      .strictObject({
        low: z.number().min(0).lt(1, 'expected a number in [0, 1)').default(DEFAULT_POST_TRAINING_CLIP.low),
        high: z.number().min(0).default(DEFAULT_POST_TRAINING_CLIP.high),
        dual: z.number().gt(1, 'expected a number > 1').default(DEFAULT_POST_TRAINING_CLIP.dual),
      })
      .default(DEFAULT_POST_TRAINING_CLIP),
    /**
     * 'step': sample from the current local model at every step (on-policy, the issue's recipe);
     * 'round': sample once per round from the received model, then PPO over the local epochs.
     */
    rollout: z.enum(['step', 'round']).default('step'),
    /** 'unseen': only clients whose data the base run never trained on; 'all': every client. */
    clients: z.enum(['unseen', 'all']).default('unseen'),
    /** Unlabeled inputs of the post-training clients on which the label-free monitor runs each round. */
    monitorSamples: z.number().int().positive().default(2000),
    /**
     * Opt-in: sample each of the G labels from its own random view of the input (integer shifts
     * up to `shift` pixels per axis, Gaussian noise of std `noise` in normalized input units), so
     * the vote also measures consistency under perturbation. Off by default (0, 0): the recipe
     * samples all G labels from one input. Needs rollout 'step'.
     */
    augment: z
      .strictObject({
        shift: z.number().int().min(0).default(0),
        noise: z.number().min(0).default(0),
      })
      .default({ shift: 0, noise: 0 }),
    /** The KL reference: 'round' (the model received this round, the recipe) or 'base' (the model post-training started from). */
    klAnchor: z.enum(['round', 'base']).default('round'),
    /** Opt-in confidence threshold: groups whose majority share is below it get no policy gradient (0: off). */
    minAgreement: z.number().min(0).max(1).default(0),
    /**
     * Opt-in class-balance guard strength p (0: off): on each client, a group whose majority is
     * class c is weighted min(1, (n_c^base + 1) / (n_c^received + 1))^p, n_c the number of the
     * client's inputs the base / received model predicts as c (labels are never read).
     */
    balanceGuard: z.number().min(0).default(0),
    balanceTarget: z.enum(['base', 'uniform']).default('base'),
  })
  .superRefine((c, ctx) => {
    if ((c.augment.shift > 0 || c.augment.noise > 0) && c.rollout !== 'step') {
      ctx.addIssue({ code: 'custom', path: ['augment'], message: "augmented views are drawn per step: expected rollout 'step'" });
    }
  });

export type PostTrainingConfig = z.output<typeof postTrainingSchema>;
export type PostTrainingConfigInput = z.input<typeof postTrainingSchema>;
