import { AmityDelegationStats } from './elements/delegation-stats';
import { AmityEvents } from './elements/events';
import { AmityNodeCard } from './elements/node-card';
import { AmitySisterCities } from './elements/sister-cities';

// The embeddable widgets: <script src="https://<hub>/widgets/amity-widgets.js" defer></script>, then
// <amity-sister-cities key="…" lang="en"></amity-sister-cities> and the others anywhere in the page.
const elements: Array<[string, CustomElementConstructor]> = [
  ['amity-sister-cities', AmitySisterCities],
  ['amity-delegation-stats', AmityDelegationStats],
  ['amity-events', AmityEvents],
  ['amity-node-card', AmityNodeCard],
];
for (const [name, element] of elements) if (!customElements.get(name)) customElements.define(name, element);
