/**
 * Pipedrive's default pipeline, in order. Pipedrive shows only stage names (no stage key on the deal page).
 *
 * Probabilities: Pipedrive sets every stage to 100% until an admin changes it, which would weigh a first contact
 * like a signed deal. So each stage takes the probability of the built-in playbook's stage it means (see
 * src/core/default-playbook.ts): Qualified and Contact Made 10% (Discovery), Demo Scheduled 40% (Solution
 * Validation), Proposal Made 60% (Proposal), Negotiations Started 80% (Negotiation). Forecast categories follow from
 * those by the bands Salesforce's defaults follow (forecastByProbability): best case from 70%.
 *
 * Pipedrive marks a closed deal by its status, Won or Lost, not by a stage; the Won and Lost stages carry those
 * names. Pipedrive calls the amount "Value" and the close date "Expected close date"; it has no next step field, so
 * next meetings are manual criteria here. Rotting (Pipedrive's stale flag) is off by default: the stale days are the
 * handbook defaults every template uses.
 */
import type { PlaybookTemplate } from './index';
import {
  amountEntered,
  closeDateAhead,
  criterion,
  forecastByProbability,
  lostStage,
  openStage,
  playbook,
  wonStage,
} from './build';

/** A new object each time: a template is plain data an editor may change in place. */
const closeDateInFuture = () =>
  closeDateAhead(
    'Expected close date is in the future',
    "A close date in the past hides a slipped deal. Move it to the buyer's real date and say why in a note.",
  );

export const PIPEDRIVE_TEMPLATE: PlaybookTemplate = {
  id: 'pipedrive',
  name: 'Pipedrive default pipeline',
  summary:
    'The five stages of Pipedrive’s default pipeline, with probabilities rising through it (Pipedrive sets every stage to 100% until changed) and forecast categories set by probability.',
  sources: [
    'https://support.pipedrive.com/en/article/probability-in-pipedrive',
    'https://support.pipedrive.com/hc/no/articles/206760949-The-Rotting-Feature',
  ],
  playbook: playbook('Pipedrive default pipeline', [
    openStage({
      id: 'qualified',
      name: 'Qualified',
      probability: 10,
      forecastCategory: forecastByProbability(10),
      guidance: 'Check the lead is worth a conversation before you spend one: a fit for what we sell and a need we meet.',
      criteria: [
        criterion(
          'fit-confirmed',
          'Lead fits the customers we serve',
          'Industry, size and region we sell to, checked before the first call.',
        ),
        criterion(
          'need-stated',
          'Lead stated a need we meet',
          'In a form, an email or a call, in their words. A download alone is interest, not a need.',
        ),
        criterion(
          'contact-person',
          'Person to talk to is known, with a way to reach them',
          'A name, a role and an email or phone number on the deal’s person.',
        ),
      ],
    }),
    openStage({
      id: 'contact-made',
      name: 'Contact Made',
      probability: 10,
      forecastCategory: forecastByProbability(10),
      guidance: 'Hold a real conversation and listen for the problem in the buyer’s words. Book the next meeting before you hang up.',
      criteria: [
        criterion(
          'conversation-held',
          'First conversation held with the buyer',
          'A call or meeting where the buyer talked about their situation, not only an email reply.',
        ),
        criterion(
          'pain-stated',
          'Pain stated in the buyer’s own words',
          'Write down what they said, as they said it, in a note on the deal.',
        ),
        criterion(
          'next-meeting',
          'Next meeting booked with the buyer',
          'Schedule it as an activity on the deal, so the deal never sits without a next step.',
        ),
        amountEntered('Value entered', 'A rough number is fine now; it firms up with the proposal.'),
      ],
    }),
    openStage({
      id: 'demo-scheduled',
      name: 'Demo Scheduled',
      probability: 40,
      forecastCategory: forecastByProbability(40),
      guidance: 'Build the demo on the buyer’s problem and get the people who decide to attend.',
      criteria: [
        criterion(
          'demo-booked',
          'Demo booked with the people who will decide',
          'The decision maker accepted the invitation, not only your first contact.',
        ),
        criterion(
          'demo-goals',
          'Buyer said what the demo must show',
          'Agreed before the demo, so both sides know what a good outcome is.',
        ),
        criterion(
          'decision-process',
          'Buyer explained how they will decide',
          'Who has to agree, in what order, and by when.',
        ),
        closeDateInFuture(),
      ],
    }),
    openStage({
      id: 'proposal-made',
      name: 'Proposal Made',
      probability: 60,
      forecastCategory: forecastByProbability(60),
      guidance: 'Send a proposal that restates the buyer’s problem before the price, and go through it with the decision maker.',
      criteria: [
        criterion('proposal-sent', 'Proposal sent to the buyer', 'Keep the deal’s value in line with the proposal.'),
        criterion(
          'proposal-discussed',
          'Proposal discussed with the decision maker',
          'In a call or meeting, so questions about price come to you and not to a competitor.',
        ),
        criterion(
          'objections-known',
          'Buyer’s objections to the proposal are known',
          'Ask what would stop them from signing. An objection you know is one you can answer.',
          { required: false },
        ),
        amountEntered('Value matches the proposal', 'The weighted pipeline is built on this number.'),
      ],
    }),
    openStage({
      id: 'negotiations-started',
      name: 'Negotiations Started',
      probability: 80,
      forecastCategory: forecastByProbability(80),
      guidance: 'Agree terms with the people who can agree them, and the steps to a signature with dates.',
      criteria: [
        criterion(
          'changes-listed',
          'Buyer’s requested changes listed and answered',
          'Every change to price, terms or scope the buyer asked for, with our answer.',
        ),
        criterion(
          'signing-steps',
          'Buyer’s approval and signing steps known',
          'Procurement, legal, security: which apply, who runs them, how long they take.',
        ),
        criterion('signature-date', 'Signature date agreed with the buyer', 'The day the buyer expects to sign, and who signs.'),
        closeDateInFuture(),
      ],
    }),
    wonStage({
      id: 'won',
      name: 'Won',
      guidance: 'Thank the buyer, then hand the deal over with the problem, the proposal and the people you met.',
      criteria: [
        criterion(
          'handover',
          'Handover to onboarding done',
          'Share the problem, the proposal and the contacts so the customer does not have to repeat themselves.',
          { required: false },
        ),
      ],
    }),
    lostStage({
      id: 'lost',
      name: 'Lost',
      guidance: 'Record why the deal was lost, in the buyer’s words if you can, and ask whether a later conversation makes sense.',
      criteria: [
        criterion(
          'loss-reason',
          'Lost reason recorded',
          'Pipedrive asks for a lost reason when you mark the deal lost: write the buyer’s own reason, including "no decision".',
        ),
      ],
    }),
  ]),
};
