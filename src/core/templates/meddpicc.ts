/**
 * MEDDPICC: Metrics, Economic buyer, Decision criteria, Decision process, Paper process, Identify pain, Champion,
 * Competition. Each criterion is one element, named first in its label, at the stage by which it must be known;
 * elements that firm up as the deal moves come back later in a stronger form (the economic buyer is named in
 * Qualification and met by Proposal). The stages are the built-in playbook's, so the template works on every CRM's
 * default stages.
 */
import type { PlaybookTemplate } from './index';
import { builtInStage, criterion, playbook } from './build';

export const MEDDPICC_TEMPLATE: PlaybookTemplate = {
  id: 'meddpicc',
  name: 'MEDDPICC',
  summary:
    'A B2B pipeline whose exit criteria are the eight MEDDPICC elements, each at the stage by which it must be known.',
  sources: [
    'https://handbook.gitlab.com/handbook/sales/meddppicc/',
    'https://handbook.gitlab.com/handbook/sales/field-operations/gtm-resources/',
  ],
  playbook: playbook('MEDDPICC', [
    builtInStage(
      'discovery',
      'Find the pain and how the buyer measures it. A deal without pain is a conversation, not an opportunity.',
      [
        criterion(
          'identify-pain',
          'Identify pain: the buyer named the problem and why it hurts',
          'In their words: what goes wrong, how often, and who suffers. "Month-end close takes nine days" beats "wants efficiency".',
        ),
        criterion(
          'metrics-named',
          'Metrics: the buyer said how they measure the problem',
          'The number the buyer watches (hours, cost, churn, revenue) and where it stands today.',
        ),
      ],
    ),
    builtInStage(
      'qualification',
      'Find who will sell for you inside, who controls the money, and what you compete with. Put a number on the gain.',
      [
        criterion(
          'champion-named',
          'Champion: someone inside with influence wants this to succeed',
          'They have power in the organisation, a personal stake in solving the pain, and they tell you what happens when you are not in the room.',
        ),
        criterion(
          'economic-buyer-named',
          'Economic buyer: the person who can approve the spend is named',
          'Not your contact unless they control the budget. Ask "who signs off on a purchase like this?"',
        ),
        criterion(
          'metrics-quantified',
          'Metrics: the gain is quantified with the buyer',
          'Today’s number, the target, and what the difference is worth, agreed with the buyer.',
        ),
        criterion(
          'competition-known',
          'Competition: the alternatives the buyer weighs are known',
          'Other vendors, building it themselves, or doing nothing: most lost deals are lost to no decision.',
        ),
      ],
    ),
    builtInStage(
      'solution-validation',
      'Learn how the buyer will choose and who has to agree, then prove the fit against exactly that. Test your champion.',
      [
        criterion(
          'decision-criteria',
          'Decision criteria: written down and confirmed by the buyer',
          'What they will compare options on, technical and business, in their words. Share it back so they can correct it.',
        ),
        criterion(
          'decision-process',
          'Decision process: steps, approvers and dates mapped',
          'Who has to say yes after the champion, in what order, and when they meet.',
        ),
        criterion(
          'champion-tested',
          'Champion: tested by doing something for the deal',
          'They got you a meeting, a document or a name you could not get alone. A friendly contact who does nothing is a coach, not a champion.',
        ),
      ],
    ),
    builtInStage(
      'proposal',
      'Take the business case to the economic buyer, and learn every step between their yes and a signed contract.',
      [
        criterion(
          'economic-buyer-met',
          'Economic buyer: met and agreed the business case',
          'The person who approves the spend saw the metrics next to the price, in a meeting, and did not dispute them.',
        ),
        criterion(
          'paper-process',
          'Paper process: procurement, security and legal steps sequenced',
          'Which reviews the contract needs, who runs each, how long each takes, and the order. They are the usual reason deals slip.',
        ),
        criterion(
          'decision-criteria-met',
          'Decision criteria: the buyer agrees we meet them',
          'Criterion by criterion, in the buyer’s words. Any gap is named with a plan.',
        ),
      ],
    ),
    builtInStage(
      'negotiation',
      'Settle the terms with the people the decision process named, and keep the paper process moving on the buyer’s dates.',
      [
        criterion(
          'competition-chosen',
          'Competition: the buyer told us we are their choice',
          'Said by the champion or the economic buyer, not inferred from silence.',
        ),
        criterion(
          'paper-process-under-way',
          'Paper process: every review started, with dates',
          'Procurement, security and legal reviews are running, and the buyer owns each date.',
        ),
        criterion(
          'decision-process-final',
          'Decision process: the final approval is booked',
          'The meeting or committee that gives the last yes has a date.',
        ),
      ],
    ),
    builtInStage(
      'awaiting-signature',
      'Make signing easy: the paper process is done, and the champion keeps the contract moving to the economic buyer.',
      [
        criterion(
          'paper-process-done',
          'Paper process: the contract is with the signer',
          'All reviews are closed and nothing waits on either side but the signature, or a purchase order you know the date of.',
        ),
        criterion(
          'economic-buyer-signing',
          'Economic buyer: committed to sign by a date',
          'The person who signs told us, or our champion, the day they will.',
        ),
      ],
    ),
    builtInStage(
      'closed-won',
      'Hand the metrics to onboarding: they are what the customer will judge the purchase by.',
      [
        criterion(
          'metrics-handed-over',
          'Metrics: handed to onboarding with the champion and economic buyer',
          'The numbers the customer bought to move, and the people who care about them.',
          { required: false },
        ),
      ],
    ),
    builtInStage(
      'closed-lost',
      'Record which element failed, in the buyer’s words if you can. It is how the team qualifies better next time.',
      [
        criterion(
          'loss-element',
          'Loss reason recorded against MEDDPICC',
          'Lost to a competitor, to no decision, to a missing champion or economic buyer, or in the paper process; and why, as the buyer put it.',
        ),
      ],
    ),
  ]),
};
