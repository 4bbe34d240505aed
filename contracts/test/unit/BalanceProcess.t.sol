// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {BalanceProcess} from "../../src/BalanceProcess.sol";
import {IBalanceProcess} from "../../src/interfaces/IBalanceProcess.sol";

/// @notice BalanceProcess (E-coin) on its own, driven by a test controller.
contract BalanceProcessTest is Test {
    BalanceProcess internal ecoin;
    address internal forwarder = makeAddr("forwarder");
    address internal controller = makeAddr("controller");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        ecoin = new BalanceProcess(forwarder);
        ecoin.setController(controller);
    }

    function test_metadata() public view {
        assertEq(ecoin.name(), "E-coin");
        assertEq(ecoin.symbol(), "ECN");
        assertEq(ecoin.decimals(), 2);
        assertEq(ecoin.totalSupply(), 0);
        assertTrue(ecoin.isTrustedForwarder(forwarder));
    }

    function test_setController_bindsOnceAndEmits() public {
        BalanceProcess fresh = new BalanceProcess(forwarder);
        vm.expectEmit(true, false, false, false, address(fresh));
        emit IBalanceProcess.ControllerSet(controller);
        fresh.setController(controller);
        assertEq(fresh.controller(), controller);
    }

    function test_RevertWhen_setController_callerNotDeployer() public {
        BalanceProcess fresh = new BalanceProcess(forwarder);
        vm.expectRevert(abi.encodeWithSelector(IBalanceProcess.BalanceProcessUnauthorized.selector, alice));
        vm.prank(alice);
        fresh.setController(alice);
    }

    function test_RevertWhen_setController_alreadySet() public {
        vm.expectRevert(abi.encodeWithSelector(IBalanceProcess.BalanceProcessControllerAlreadySet.selector, controller));
        ecoin.setController(alice);
    }

    function test_mint_createsSupply() public {
        vm.expectEmit(true, true, false, true, address(ecoin));
        emit IERC20.Transfer(address(0), alice, 1_000);
        vm.prank(controller);
        ecoin.mint(alice, 1_000);
        assertEq(ecoin.balanceOf(alice), 1_000);
        assertEq(ecoin.totalSupply(), 1_000);
    }

    function test_controllerTransfer_movesWithoutApproval() public {
        vm.startPrank(controller);
        ecoin.mint(alice, 1_000);
        ecoin.controllerTransfer(alice, bob, 400);
        vm.stopPrank();
        assertEq(ecoin.balanceOf(alice), 600);
        assertEq(ecoin.balanceOf(bob), 400);
        assertEq(ecoin.allowance(alice, controller), 0);
    }

    function test_RevertWhen_controllerTransfer_insufficientBalance() public {
        vm.startPrank(controller);
        ecoin.mint(alice, 10);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 10, 11));
        ecoin.controllerTransfer(alice, bob, 11);
        vm.stopPrank();
    }

    function test_RevertWhen_mint_callerNotController() public {
        vm.expectRevert(abi.encodeWithSelector(IBalanceProcess.BalanceProcessUnauthorized.selector, alice));
        vm.prank(alice);
        ecoin.mint(alice, 1);
    }

    function test_RevertWhen_controllerTransfer_callerNotController() public {
        vm.expectRevert(abi.encodeWithSelector(IBalanceProcess.BalanceProcessUnauthorized.selector, bob));
        vm.prank(bob);
        ecoin.controllerTransfer(alice, bob, 0);
    }

    function test_transfer_holderMovesOwnECoin() public {
        vm.prank(controller);
        ecoin.mint(alice, 100);
        vm.prank(alice);
        ecoin.transfer(bob, 30);
        assertEq(ecoin.balanceOf(bob), 30);
    }

    function test_transfer_relayedByForwarderActsAsSigner() public {
        vm.prank(controller);
        ecoin.mint(alice, 100);
        // The ERC-2771 call: the forwarder appends the signer's address.
        vm.prank(forwarder);
        (bool ok,) = address(ecoin).call(abi.encodePacked(abi.encodeCall(IERC20.transfer, (bob, 30)), alice));
        assertTrue(ok);
        assertEq(ecoin.balanceOf(alice), 70);
        assertEq(ecoin.balanceOf(bob), 30);
    }

    function test_approve_transferFrom() public {
        vm.prank(controller);
        ecoin.mint(alice, 100);
        vm.prank(alice);
        ecoin.approve(bob, 50);
        vm.prank(bob);
        ecoin.transferFrom(alice, bob, 50);
        assertEq(ecoin.balanceOf(bob), 50);
    }
}
