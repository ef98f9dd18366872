/** Injection tokens shared by every service. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const STAGE_METRICS = Symbol('STAGE_METRICS');
/** What every StageWorker gets (StageWorkerDeps: dead letters, metrics, logger), in one injection. */
export const STAGE_WORKER_DEPS = Symbol('STAGE_WORKER_DEPS');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** A named dependency check used by /ready. */
export interface ReadinessCheck { name: string; check: () => Promise<void> }

/** Extra facts a service adds to its /health answer (no I/O: e.g. the classifier's loaded model). */
export const HEALTH_DETAILS = Symbol('HEALTH_DETAILS');
export interface HealthDetail { name: string; read: () => unknown }

/** In-process facts that make /health fail (no I/O): a wedged client the process cannot recover from by itself. */
export const LIVENESS_CHECKS = Symbol('LIVENESS_CHECKS');
export interface LivenessCheck { name: string; problem: () => string | undefined }
