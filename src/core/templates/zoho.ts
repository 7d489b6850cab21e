/**
 * Zoho CRM's default deal stages and their default probabilities, in order. Zoho shows only the stage's name (no
 * separate API value on the page) and ships no forecast categories, so each stage's category comes from its
 * probability by the bands Salesforce's defaults follow (forecastByProbability): 10-60% pipeline, 75% best case,
 * 90% commit. Most stages carry Salesforce's names and meaning and ask the same of the rep (STAGE_WORK); Zoho has
 * two lost stages, the second for deals lost to a competitor.
 */
import type { PlaybookTemplate } from './index';
import { criterion, forecastByProbability, lostStage, openStage, playbook, wonStage } from './build';
import { STAGE_WORK } from './salesforce';

const CLOSE_DATE = 'Closing Date';

export const ZOHO_TEMPLATE: PlaybookTemplate = {
  id: 'zoho',
  name: 'Zoho CRM default stages',
  summary:
    'The deal stages a new Zoho CRM ships with, with Zoho’s default probabilities and forecast categories set by probability.',
  sources: ['https://help.zoho.com/portal/en/community/topic/updates-in-deal-stage-and-stage-probability-mapping'],
  playbook: playbook('Zoho CRM default stages', [
    openStage({
      id: 'qualification',
      name: 'Qualification',
      probability: 10,
      forecastCategory: forecastByProbability(10),
      ...STAGE_WORK.qualification(CLOSE_DATE),
    }),
    openStage({
      id: 'needs-analysis',
      name: 'Needs Analysis',
      probability: 20,
      forecastCategory: forecastByProbability(20),
      ...STAGE_WORK.needsAnalysis(),
    }),
    openStage({
      id: 'value-proposition',
      name: 'Value Proposition',
      probability: 40,
      forecastCategory: forecastByProbability(40),
      ...STAGE_WORK.valueProposition(CLOSE_DATE),
    }),
    openStage({
      id: 'identify-decision-makers',
      name: 'Identify Decision Makers',
      probability: 60,
      forecastCategory: forecastByProbability(60),
      ...STAGE_WORK.decisionMakers(),
    }),
    openStage({
      id: 'proposal-price-quote',
      name: 'Proposal/Price Quote',
      probability: 75,
      forecastCategory: forecastByProbability(75),
      ...STAGE_WORK.proposal(),
    }),
    openStage({
      id: 'negotiation-review',
      name: 'Negotiation/Review',
      probability: 90,
      forecastCategory: forecastByProbability(90),
      ...STAGE_WORK.negotiation(CLOSE_DATE),
    }),
    wonStage({ id: 'closed-won', name: 'Closed Won', ...STAGE_WORK.won() }),
    lostStage({ id: 'closed-lost', name: 'Closed Lost', ...STAGE_WORK.lost() }),
    lostStage({
      id: 'closed-lost-to-competition',
      name: 'Closed Lost to Competition',
      guidance: 'Learn from the competitor that won: what they offered that we did not, as the buyer saw it.',
      criteria: [
        criterion(
          'competitor-recorded',
          'Competitor that won, and why, recorded',
          'Which competitor, and the reason the buyer gave: price, a feature, a relationship, timing.',
        ),
      ],
    }),
  ]),
};
