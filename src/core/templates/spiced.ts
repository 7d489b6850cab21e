/**
 * SPICED: Situation, Pain, Impact, Critical event, Decision, Winning by Design's discovery framework for recurring
 * revenue. Each criterion is one element, named first in its label, at the stage by which it must be known; impact
 * and the critical event come back later in firmer form, since they are what keeps a deal's close date honest. The
 * stages are the built-in playbook's, so the template works on every CRM's default stages.
 */
import type { PlaybookTemplate } from './index';
import { builtInStage, closeDateAhead, criterion, playbook } from './build';

export const SPICED_TEMPLATE: PlaybookTemplate = {
  id: 'spiced',
  name: 'SPICED',
  summary:
    'A B2B pipeline whose exit criteria are Situation, Pain, Impact, Critical event and Decision, each at the stage by which it must be known.',
  sources: [
    'https://winningbydesign.com/',
    'https://handbook.gitlab.com/handbook/sales/field-operations/gtm-resources/',
  ],
  playbook: playbook('SPICED', [
    builtInStage(
      'discovery',
      'Diagnose before you prescribe: learn how the buyer works today and what hurts, in their words.',
      [
        criterion(
          'situation',
          'Situation: how the buyer works today is written down',
          'Their team, tools and process around the problem: the facts you would otherwise ask again later.',
        ),
        criterion(
          'pain',
          'Pain: stated in the buyer’s own words',
          'What goes wrong, how often, and who feels it. "Reporting takes our team three days a month" beats "needs efficiency".',
        ),
      ],
    ),
    builtInStage(
      'qualification',
      'Find out why it matters and why now: what solving the pain is worth, the date it must be solved by, and who decides.',
      [
        criterion(
          'impact',
          'Impact: the buyer put a value on solving the pain',
          'Money, hours, risk or growth, as the buyer counts it. Impact is what the buyer buys; the product is how.',
        ),
        criterion(
          'critical-event',
          'Critical event: the date the buyer must have this by, and why',
          'A renewal, a launch, an audit, a new fiscal year: something that goes wrong for the buyer if the date is missed.',
        ),
        criterion(
          'decision-makers',
          'Decision: who decides, and who else has to agree',
          'The person who signs and the people they will ask, by name and role.',
        ),
      ],
    ),
    builtInStage(
      'solution-validation',
      'Prove the impact on the buyer’s case, and learn exactly how they will decide.',
      [
        criterion(
          'impact-validated',
          'Impact: the buyer agrees our solution delivers it',
          'They saw it work on their case, in a demo or a trial, and said the value is real.',
        ),
        criterion(
          'decision-criteria',
          'Decision: the buyer’s criteria written down',
          'What they will compare options on, in their words. Share it back so they can correct it.',
        ),
        criterion(
          'decision-process',
          'Decision: the steps, approvers and dates mapped',
          'Who has to say yes after your contact, in what order, and when.',
        ),
      ],
    ),
    builtInStage(
      'proposal',
      'Put the impact next to the price for the person who signs, and plan the way to a signature back from the critical event.',
      [
        criterion(
          'impact-business-case',
          'Impact: business case reviewed with the person who signs',
          'The value of solving the pain next to the cost, in a meeting, not only by email.',
        ),
        criterion(
          'decision-close-plan',
          'Decision: close plan agreed with owners and dates',
          'Every step to signature, who owns it on their side and ours, ending before the critical event.',
        ),
        closeDateAhead(
          'Critical event: the close date is ahead of it',
          'The close date on the deal is before the buyer’s critical event, and still in the future.',
        ),
      ],
    ),
    builtInStage(
      'negotiation',
      'Settle the terms with the people who decide. The critical event, not our quarter end, sets the pace.',
      [
        criterion(
          'decision-terms',
          'Decision: terms agreed by the people who decide',
          'Price, term and scope agreed in writing; legal and security reviews closed or dated.',
        ),
        criterion(
          'critical-event-holds',
          'Critical event: still ahead, and still matters to the buyer',
          'Ask again. If the event moved or no longer matters, the close date will slip: move it now.',
        ),
        closeDateAhead('Critical event: the close date is still ahead', 'If it passed, agree a new date with the buyer and say why.'),
      ],
    ),
    builtInStage(
      'awaiting-signature',
      'Make signing easy and check in every few days: the critical event is close.',
      [
        criterion(
          'decision-signing',
          'Decision: the signer has the contract and a date to sign',
          'The contract is with the person who signs, and they gave the day, or the purchase order date that comes first.',
        ),
        closeDateAhead('Critical event: the close date is still ahead', 'If it passed, ask the signer what is holding it up.'),
      ],
    ),
    builtInStage(
      'closed-won',
      'Hand the impact to onboarding: recurring revenue comes from the customer getting it.',
      [
        criterion(
          'impact-handed-over',
          'Impact: handed to onboarding with the critical event',
          'What the customer expects to gain, and by when, so onboarding delivers it first.',
          { required: false },
        ),
      ],
    ),
    builtInStage(
      'closed-lost',
      'Record what was missing: pain, impact, a critical event, or the decision. In the buyer’s words if you can.',
      [
        criterion(
          'loss-element',
          'Loss reason recorded against SPICED',
          'No real pain, impact too small, no critical event, or the decision went elsewhere; and why, as the buyer put it.',
        ),
      ],
    ),
  ]),
};
