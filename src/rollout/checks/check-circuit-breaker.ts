import type { ArmObservation } from '../arm-observation.js';
import type { CheckResult } from '../verdict.js';

/** The candidate's circuit breaker: fail when it opened in the window; not-yet before any request. Pure. */
export function checkCircuitBreaker(candidate: ArmObservation): CheckResult {
  const numbers = { opened: candidate.breakerOpened ? 1 : 0, requests: candidate.requests };
  if (candidate.breakerOpened) {
    return { name: 'circuit-breaker', status: 'fail', numbers, sentence: "The candidate's circuit breaker opened: it failed repeatedly." };
  }
  if (candidate.requests === 0) {
    return { name: 'circuit-breaker', status: 'not-yet', numbers, sentence: 'The candidate has not served a request yet.' };
  }
  return { name: 'circuit-breaker', status: 'pass', numbers, sentence: "The candidate's circuit breaker stayed closed." };
}
