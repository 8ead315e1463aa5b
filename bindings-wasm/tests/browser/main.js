// The Vite page: imports the package as an app would (`import … from 'grassroots'`, the bundler
// build) and runs every scenario file of tests/scenarios/.
import * as grassroots from 'grassroots';
import { runAndRender } from './render.js';

const files = import.meta.glob('../../../tests/scenarios/*.json', { eager: true, import: 'default' });
const scenarios = Object.keys(files).sort().map((path) => files[path]);
runAndRender(grassroots, scenarios);
