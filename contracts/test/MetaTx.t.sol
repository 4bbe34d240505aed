// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {Vm} from "./utils/Test.sol";
import {Base} from "./utils/Base.t.sol";
import {IBatteryInterface} from "./../src/interfaces/IBatteryInterface.sol";
import {DynamicInfo, Operation} from "../src/interfaces/BatteryTypes.sol";

/// @notice Devices hold no Ether: they sign EIP-712 ForwardRequests (domain "evswap", version "1") and the station's
/// relay sends them through the forwarder. These tests sign with `vm.sign` exactly as a device would.
contract MetaTxTest is Base {
    uint48 internal deadline;

    function setUp() public override {
        super.setUp();
        deadline = uint48(block.timestamp + 1 hours);
        assertEq(evOwner.balance, 0, "the device holds no Ether");
        assertEq(operator.balance, 0, "the device holds no Ether");
    }

    function _req(uint256 key, bytes memory data) internal view returns (ERC2771Forwarder.ForwardRequestData memory) {
        return _signedRequest(key, address(iface), data, forwarder.nonces(vm.addr(key)), deadline);
    }

    /// @dev The signer OpenZeppelin recovers for `req` under the forwarder's current nonce of `req.from`.
    function _recovered(ERC2771Forwarder.ForwardRequestData memory req) internal view returns (address) {
        bytes32 structHash = keccak256(
            abi.encode(
                FORWARD_REQUEST_TYPEHASH,
                req.from,
                req.to,
                req.value,
                req.gas,
                forwarder.nonces(req.from),
                req.deadline,
                keccak256(req.data)
            )
        );
        return ECDSA.recover(keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash)), req.signature);
    }

    // ------------------------------------------------------------------ the domain

    function test_eip712Domain_isEvswapVersion1() public view {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            forwarder.eip712Domain();
        assertEq(name, "evswap");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(forwarder));
    }

    function test_verify_acceptsDeviceSignature() public view {
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), bytes32(0))));
        assertTrue(forwarder.verify(req));
    }

    // ------------------------------------------------------------------ execute

    function test_execute_runsAsTheDevice() public {
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), "relayed")));
        vm.expectEmit(true, false, false, true, address(forwarder));
        emit ERC2771Forwarder.ExecutedForwardRequest(evOwner, 0, true);
        _relay(req);
        DynamicInfo memory d = _dyn(1);
        assertEq(d.owner, evOwner, "the battery is the device's, not the relay's or the forwarder's");
        assertEq(d.holder, EV_UNIT);
        assertEq(forwarder.nonces(evOwner), 1);
        assertEq(evOwner.balance, 0);
    }

    function test_execute_deviceOperationsEndToEnd() public {
        // Register, charge (station) and discharge (EV), request and approve a swap, all relayed.
        _relay(_req(operatorKey, abi.encodeCall(iface.registerBattery, (_staticInfo("BYD"), _reading(5_000, 250), 0))));
        _relay(_req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo("TOY"), _reading(), 0))));
        _relay(_req(operatorKey, abi.encodeCall(iface.charge, (1, 20_000, 1000, 1 hours))));
        _relay(_req(evOwnerKey, abi.encodeCall(iface.discharge, (2, 5_000, 250, 1 hours))));
        _relay(_req(evOwnerKey, abi.encodeCall(iface.requestSwap, (2, 1, type(uint256).max))));
        _relay(_req(operatorKey, _approveData(1)));
        assertEq(_dyn(1).owner, evOwner);
        assertEq(_dyn(2).owner, operator);
        assertEq(forwarder.nonces(evOwner), 3);
        assertEq(forwarder.nonces(operator), 3);
    }

    function test_execute_relayedECoinTransfer() public {
        _relay(_signedRequest(evOwnerKey, address(bal), abi.encodeCall(bal.transfer, (operator, 250)), 0, deadline));
        assertEq(bal.balanceOf(evOwner), GRANT - 250);
        assertEq(bal.balanceOf(operator), GRANT + 250);
    }

    function test_execute_relayedSuperAccount() public {
        (address superSigner, uint256 superKey) = makeAddrAndKey("superSigner");
        bytes32 role = iface.SUPER_ROLE();
        vm.prank(superAccount);
        iface.grantRole(role, superSigner);
        _relay(_req(superKey, abi.encodeCall(iface.setFee, (Operation.Charge, 5))));
        assertEq(iface.feeOf(Operation.Charge), 5);
    }

    function test_RevertWhen_execute_replayed() public {
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)));
        _relay(req);
        // The nonce moved on, so the same signature now recovers to some other address.
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, _recovered(req), evOwner)
        );
        _relay(req);
        assertEq(bp.batteryCount(), 1);
    }

    function test_RevertWhen_execute_expired() public {
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)));
        vm.warp(uint256(deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderExpiredRequest.selector, deadline));
        _relay(req);
    }

    function test_execute_atDeadline() public {
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)));
        vm.warp(deadline);
        _relay(req);
        assertEq(bp.batteryCount(), 1);
    }

    function test_RevertWhen_execute_forgedByAnotherKey() public {
        // The stranger signs a request claiming to come from the EV owner.
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)));
        req.signature = _sign(strangerKey, req, forwarder.nonces(evOwner));
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, stranger, evOwner)
        );
        _relay(req);
    }

    function test_RevertWhen_execute_dataTamperedByRelay() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(operatorKey, abi.encodeCall(iface.charge, (id, 6_000, 300, 60)));
        req.data = abi.encodeCall(iface.charge, (id, 20_000, 1000, 60));
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, _recovered(req), operator)
        );
        _relay(req);
    }

    function test_RevertWhen_execute_gasTamperedByRelay() public {
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)));
        req.gas = 30_000;
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, _recovered(req), evOwner)
        );
        _relay(req);
    }

    function test_RevertWhen_execute_targetRefusesTheDevice() public {
        // A valid signature does not widen a role: a relayed EV owner still cannot charge.
        uint32 id = _registerBattery(evOwner, _staticInfo(), _reading(5_000, 250));
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.charge, (id, 6_000, 300, 60)));
        vm.expectRevert(Errors.FailedCall.selector);
        _relay(req);
        assertEq(forwarder.nonces(evOwner), 0, "a reverted request does not use its nonce");
    }

    function test_RevertWhen_execute_untrustingTarget() public {
        // Only contracts that trust this forwarder can be called through it.
        ERC2771Forwarder.ForwardRequestData memory req =
            _signedRequest(evOwnerKey, address(bp), abi.encodeCall(bp.batteryCount, ()), 0, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771UntrustfulTarget.selector, address(bp), address(forwarder))
        );
        _relay(req);
    }

    // ------------------------------------------------------------------ executeBatch

    function _batchResults() internal returns (bool[] memory results) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 n;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == ERC2771Forwarder.ExecutedForwardRequest.selector) ++n;
        }
        results = new bool[](n);
        n = 0;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == ERC2771Forwarder.ExecutedForwardRequest.selector) {
                (, results[n++]) = abi.decode(logs[i].data, (uint256, bool));
            }
        }
    }

    function test_executeBatch_runsEachRequestAsItsSigner() public {
        ERC2771Forwarder.ForwardRequestData[] memory reqs = new ERC2771Forwarder.ForwardRequestData[](3);
        reqs[0] = _signedRequest(
            evOwnerKey,
            address(iface),
            abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)),
            0,
            deadline
        );
        reqs[1] = _signedRequest(
            operatorKey,
            address(iface),
            abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)),
            0,
            deadline
        );
        reqs[2] = _signedRequest(
            evOwnerKey,
            address(iface),
            abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)),
            1,
            deadline
        );
        vm.prank(relayer);
        forwarder.executeBatch(reqs, payable(relayer));
        assertEq(_dyn(1).owner, evOwner);
        assertEq(_dyn(2).owner, operator);
        assertEq(_dyn(3).owner, evOwner);
        assertEq(forwarder.nonces(evOwner), 2);
        assertEq(forwarder.nonces(operator), 1);
    }

    function test_executeBatch_failingRequestDoesNotSinkTheBatch() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        ERC2771Forwarder.ForwardRequestData[] memory reqs = new ERC2771Forwarder.ForwardRequestData[](5);
        // 0: good. 1: forged (skipped, nonce kept). 2: expired (skipped). 3: valid signature, refused by the target
        // (runs, fails, nonce used). 4: good.
        reqs[0] = _signedRequest(
            operatorKey, address(iface), abi.encodeCall(iface.charge, (id, 6_000, 300, 60)), 0, deadline
        );
        reqs[1] = _signedRequest(
            evOwnerKey,
            address(iface),
            abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)),
            0,
            deadline
        );
        reqs[1].signature = _sign(strangerKey, reqs[1], 0);
        reqs[2] = _signedRequest(
            evOwnerKey,
            address(iface),
            abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)),
            0,
            uint48(block.timestamp - 1)
        );
        reqs[3] =
            _signedRequest(evOwnerKey, address(iface), abi.encodeCall(iface.charge, (id, 7_000, 350, 60)), 0, deadline);
        reqs[4] = _signedRequest(
            operatorKey, address(iface), abi.encodeCall(iface.charge, (id, 8_000, 400, 60)), 1, deadline
        );

        vm.recordLogs();
        vm.prank(relayer);
        forwarder.executeBatch(reqs, payable(relayer));
        bool[] memory results = _batchResults();
        assertEq(results.length, 3, "the forged and the expired request are skipped");
        assertTrue(results[0]);
        assertFalse(results[1], "the EV owner's charge ran and was refused");
        assertTrue(results[2]);
        assertEq(_dyn(id).energyWh, 8_000);
        assertEq(_dyn(id).chargingCount, 3);
        assertEq(forwarder.nonces(operator), 2);
        assertEq(forwarder.nonces(evOwner), 1, "only the refused request used a nonce");
        assertEq(bp.batteryCount(), 1);
    }

    function test_executeBatch_replayedInsideTheBatchIsSkipped() public {
        ERC2771Forwarder.ForwardRequestData memory req =
            _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)));
        ERC2771Forwarder.ForwardRequestData[] memory reqs = new ERC2771Forwarder.ForwardRequestData[](2);
        reqs[0] = req;
        reqs[1] = req;
        vm.prank(relayer);
        forwarder.executeBatch(reqs, payable(relayer));
        assertEq(bp.batteryCount(), 1);
        assertEq(forwarder.nonces(evOwner), 1);
    }

    function test_RevertWhen_executeBatch_atomicWithForgedRequest() public {
        // Without a refund receiver the batch is atomic: one bad request sinks all of it.
        ERC2771Forwarder.ForwardRequestData[] memory reqs = new ERC2771Forwarder.ForwardRequestData[](2);
        reqs[0] = _req(evOwnerKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)));
        reqs[1] = _req(operatorKey, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), 0)));
        reqs[1].signature = _sign(strangerKey, reqs[1], 0);
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, stranger, operator)
        );
        vm.prank(relayer);
        forwarder.executeBatch(reqs, payable(address(0)));
        assertEq(bp.batteryCount(), 0);
    }
}
