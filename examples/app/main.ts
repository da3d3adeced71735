/** `cdk synth` entry of the example shop (examples/app/cdk.json). */
import { App } from 'aws-cdk-lib';
import { shopApp } from './shop';

shopApp(new App());
