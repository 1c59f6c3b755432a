// The floor: what any synth pays before doing work (node start plus loading cdktf, cdk8s, cdk8s-plus-28).
import 'cdktf';
import 'cdk8s';
import 'cdk8s-plus-28';
